using System.Text.RegularExpressions;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// Removes terminal escape sequences (colours, cursor moves) from console text and tracebacks: a page shows them
/// as stray characters such as <c>[31m</c>, and Jupyter kernels put them in tracebacks.
/// </summary>
internal static partial class AnsiCodes
{
    public static string Strip(string text) => text.Contains('\u001b') ? Sequence().Replace(text, "") : text;

    // CSI sequences (ESC [ parameters final-byte), OSC sequences (ESC ] … BEL or ESC \), and two-character escapes.
    [GeneratedRegex(@"\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])")]
    private static partial Regex Sequence();
}
