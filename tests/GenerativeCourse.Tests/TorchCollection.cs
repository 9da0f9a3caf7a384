namespace GenerativeCourse.Tests;

/// <summary>
/// Tests that seed or draw from TorchSharp's process-wide default generator, call
/// <see cref="Course.Setup"/>, or change process-wide state (environment variables) join this
/// collection, so they never run at the same time as each other.
/// </summary>
[CollectionDefinition("Torch", DisableParallelization = true)]
public sealed class TorchCollection
{
}
