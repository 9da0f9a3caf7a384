using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// What <see cref="PackageSet.Add"/> did: which requests and sources were new, or why none of them was taken.
/// </summary>
public sealed class PackageSetUpdate
{
    internal PackageSetUpdate(IReadOnlyList<PackageRequest> addedPackages, IReadOnlyList<string> addedSources, IReadOnlyList<string> conflicts)
    {
        AddedPackages = addedPackages;
        AddedSources = addedSources;
        Conflicts = conflicts;
    }

    /// <summary>Requests the set did not have before (empty when there are conflicts).</summary>
    public IReadOnlyList<PackageRequest> AddedPackages { get; }

    /// <summary>Package sources the set did not have before (empty when there are conflicts).</summary>
    public IReadOnlyList<string> AddedSources { get; }

    /// <summary>One message per package asked for in a version other than the one already requested. Empty on success.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    public bool Succeeded => Conflicts.Count == 0;

    /// <summary>True when something was added, so the set must be restored again before the cell runs.</summary>
    public bool Changed => AddedPackages.Count > 0 || AddedSources.Count > 0;

    /// <summary>The conflicts one per line, or "ok".</summary>
    public override string ToString() => Succeeded ? "ok" : string.Join(Environment.NewLine, Conflicts);
}
