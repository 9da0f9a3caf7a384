using System.Text;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// File names of the notebook pages: the notebook's name with characters outside <c>[A-Za-z0-9._-]</c> replaced by
/// <c>-</c>, then <c>.html</c>. Names are made unique in order (<c>intro.html</c>, <c>intro-2.html</c>) and never
/// take <c>index.html</c>, which is the contents page.
/// </summary>
internal static class PageNames
{
    public static IReadOnlyList<string> Assign(IEnumerable<string> notebookNames)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "index" };
        var names = new List<string>();
        foreach (var name in notebookNames)
        {
            var stem = Sanitize(name);
            var unique = stem;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = $"{stem}-{n}";
            }

            names.Add(unique + ".html");
        }

        return names;
    }

    private static string Sanitize(string name)
    {
        var stem = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            stem.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var text = stem.ToString().Trim('.');
        return text.Length > 0 ? text : "notebook";
    }
}
