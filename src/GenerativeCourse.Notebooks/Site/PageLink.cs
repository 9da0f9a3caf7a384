namespace GenerativeCourse.Notebooks.Site;

/// <summary>A page of the site as other pages link to it: its file name (relative address) and title.</summary>
internal sealed record PageLink(string FileName, string Title)
{
    public const string IndexFileName = "index.html";
}
