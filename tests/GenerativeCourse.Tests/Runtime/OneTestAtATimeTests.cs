using System.Reflection;

namespace GenerativeCourse.Tests.Runtime;

public sealed class OneTestAtATimeTests
{
    [Fact]
    public void TheTestAssemblyRunsItsTestsOneAtATime()
    {
        var behaviour = typeof(OneTestAtATimeTests).Assembly.GetCustomAttribute<CollectionBehaviorAttribute>();

        Assert.NotNull(behaviour);
        Assert.True(
            behaviour.DisableTestParallelization,
            "Parallel tests race with TorchSharp's finalizers of temporary scalars (see OneTestAtATime.cs).");
    }
}
