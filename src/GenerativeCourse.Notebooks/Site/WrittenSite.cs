namespace GenerativeCourse.Notebooks.Site;

/// <summary>Where <see cref="StaticSite.Write"/> put the site.</summary>
/// <param name="Directory">The site's folder (full path).</param>
/// <param name="IndexPath">Its <c>index.html</c>.</param>
/// <param name="PagePaths">One page per notebook, in the order given.</param>
public sealed record WrittenSite(string Directory, string IndexPath, IReadOnlyList<string> PagePaths);
