namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>
/// Tests that start worker processes run one at a time: on a 2-core machine, parallel workers slow each other's
/// start-up enough to blur the timing that the timeout tests check.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerCollection
{
    public const string Name = "Worker processes";
}
