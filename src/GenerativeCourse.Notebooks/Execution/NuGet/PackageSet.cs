using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// The packages and package sources a notebook has asked for so far. Like the .NET Interactive kernel, restore is
/// cumulative: each cell's <c>#r "nuget:"</c> requests join the earlier ones and the whole set is restored together,
/// because assemblies loaded by an earlier cell stay loaded for the rest of the notebook.
/// </summary>
/// <remarks>
/// A package keeps the version of its first request. Asking for it again with the same version, or with no version,
/// changes nothing; asking for another version is a conflict, since the process cannot unload the first one.
/// </remarks>
public sealed class PackageSet
{
    private readonly List<PackageRequest> _packages = [];
    private readonly List<string> _sources = [];

    /// <summary>Every package requested so far, in order of first request.</summary>
    public IReadOnlyList<PackageRequest> Packages => _packages;

    /// <summary>Every extra package source so far, in order of first appearance.</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>
    /// Adds one cell's requests. All or nothing: when any request conflicts with an earlier one, nothing is added and
    /// the update lists every conflict.
    /// </summary>
    public PackageSetUpdate Add(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(sources);

        var conflicts = new List<string>();
        var added = new List<PackageRequest>();
        foreach (var request in packages)
        {
            var earlier = _packages.Concat(added).FirstOrDefault(p => string.Equals(p.Name, request.Name, StringComparison.OrdinalIgnoreCase));
            if (earlier is null)
            {
                added.Add(request);
            }
            else if (request.Version is not null && !string.Equals(earlier.Version, request.Version, StringComparison.OrdinalIgnoreCase))
            {
                conflicts.Add(
                    $"package \"{request.Name}\" was already requested with {Describe(earlier.Version)}; " +
                    $"it cannot be loaded again with version {request.Version} in the same notebook. " +
                    "Ask for one version everywhere (or leave the version out after the first request).");
            }
        }

        if (conflicts.Count > 0)
        {
            return new PackageSetUpdate([], [], conflicts);
        }

        var addedSources = sources.Distinct(StringComparer.Ordinal).Where(source => !_sources.Contains(source, StringComparer.Ordinal)).ToList();
        _packages.AddRange(added);
        _sources.AddRange(addedSources);
        return new PackageSetUpdate(added, addedSources, []);
    }

    private static string Describe(string? version) => version is null ? "no version (the newest stable one)" : $"version {version}";
}
