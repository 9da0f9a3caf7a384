namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary>
/// Tests that train or score models inside this test process (<c>gencourse train</c> and <c>gencourse bench</c> run
/// in-process) run alone, after the parallel tests, never beside them. TorchSharp 0.107 frees temporary scalars by
/// finalizer without keeping them alive during the native call, so a garbage collection started by another test's
/// thread can free a scalar that libtorch is reading (see tests/GenerativeCourse.Tests/OneTestAtATime.cs).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessTorchCollection
{
    public const string Name = "In-process TorchSharp";
}
