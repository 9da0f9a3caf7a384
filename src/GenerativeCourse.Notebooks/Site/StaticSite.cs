using System.Text;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// Writes the course's offline HTML site from executed notebooks: <c>index.html</c>, one page per notebook with links
/// to the contents and to the previous and next notebook, and <c>assets/</c> (stylesheet, KaTeX, plotly.js).
/// Every address is relative, so the folder can be opened from <c>file://</c>, moved, or served as it is.
/// </summary>
/// <remarks>
/// The whole site is built in a hidden folder beside the target and then swapped in by renames
/// (<see cref="DirectorySwap"/>): a reader sees the previous site or the new one, never a half-written page. File
/// system failures (no space, no permission) propagate as <see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/>, and leave the previous site in place.
/// </remarks>
public static class StaticSite
{
    /// <summary>Builds the site for <paramref name="pages"/> (in that order) into <paramref name="siteDirectory"/>, replacing what was there.</summary>
    public static WrittenSite Write(string siteDirectory, IReadOnlyList<SitePage> pages, SiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(options);
        var target = Path.GetFullPath(siteDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar))!);
        var staging = DirectorySwap.CreateStaging(target);
        try
        {
            var fileNames = WriteContent(staging, pages, options);
            DirectorySwap.Replace(staging, target);
            return new WrittenSite(
                target,
                Path.Combine(target, PageLink.IndexFileName),
                fileNames.Select(name => Path.Combine(target, name)).ToList());
        }
        catch
        {
            DirectorySwap.DeleteQuietly(staging);
            throw;
        }
    }

    /// <summary>The HTML of one notebook's page, without neighbours: what <see cref="Write"/> puts in its file.</summary>
    public static string RenderPage(SitePage page, SiteOptions options) => NotebookPage.Render(page, null, null, options);

    private static IReadOnlyList<string> WriteContent(string folder, IReadOnlyList<SitePage> pages, SiteOptions options)
    {
        var fileNames = PageNames.Assign(pages.Select(page => page.Name));
        var links = pages.Select((page, i) => new PageLink(fileNames[i], page.Title)).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var previous = i > 0 ? links[i - 1] : null;
            var next = i + 1 < pages.Count ? links[i + 1] : null;
            WriteText(folder, links[i].FileName, NotebookPage.Render(pages[i], previous, next, options));
        }

        WriteText(folder, PageLink.IndexFileName, IndexPage.Render(pages.Zip(links).ToList(), options));
        foreach (var (relativePath, content) in SiteAssets.All())
        {
            WriteBytes(folder, relativePath, content);
        }

        if (options.Plotly is { } plotly)
        {
            WriteText(folder, $"{SiteAssets.Folder}/{plotly.FileName}", plotly.Source);
        }

        return fileNames;
    }

    private static void WriteText(string folder, string relativePath, string text) =>
        WriteBytes(folder, relativePath, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    private static void WriteBytes(string folder, string relativePath, byte[] content)
    {
        var path = Path.Combine(folder, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
