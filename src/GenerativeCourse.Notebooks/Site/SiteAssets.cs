using System.Reflection;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// The files under the site's <c>assets/</c> folder that come with the runner: <c>site.css</c>, <c>site.js</c> and the
/// vendored KaTeX (<c>Site/Assets/katex/README.md</c>), embedded in this assembly as <c>site-assets/&lt;path&gt;</c>.
/// </summary>
internal static class SiteAssets
{
    public const string Folder = "assets";
    public const string Stylesheet = Folder + "/site.css";
    public const string Script = Folder + "/site.js";
    public const string KatexStylesheet = Folder + "/katex/katex.min.css";
    public const string KatexScript = Folder + "/katex/katex.min.js";
    public const string KatexAutoRender = Folder + "/katex/contrib/auto-render.min.js";

    private const string ResourcePrefix = "site-assets/";

    /// <summary>Each embedded asset: its path below the site folder (<c>assets/katex/katex.min.js</c>) and its bytes.</summary>
    public static IEnumerable<(string RelativePath, byte[] Content)> All()
    {
        var assembly = typeof(SiteAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // MSBuild's %(RecursiveDir) uses the build machine's separator.
            var relative = name[ResourcePrefix.Length..].Replace('\\', '/');
            yield return ($"{Folder}/{relative}", Read(assembly, name));
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded site asset '{name}' is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
