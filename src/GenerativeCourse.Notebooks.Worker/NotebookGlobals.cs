using Microsoft.AspNetCore.Html;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// The helpers the C# kernel of .NET Interactive gives every cell, with the same names and signatures:
/// <c>display(x)</c>, <c>HTML("…")</c> and the extension <c>x.Display()</c>. Every submission imports this class
/// statically, so notebook code needs no <c>using</c> and runs unchanged in VS Code.
/// </summary>
public static class NotebookGlobals
{
    /// <summary>Receives each display and its id; set by the worker before the first cell runs.</summary>
    internal static Action<Dictionary<string, string>, string?>? Sink { get; set; }

    /// <summary>Receives each <see cref="DisplayedValue.Update"/>: the display id and the new data.</summary>
    internal static Action<string, Dictionary<string, string>>? UpdateSink { get; set; }

    /// <summary>Shows a value as an output of the running cell, formatted in the given MIME types (default: HTML and plain text).</summary>
    /// <returns>A handle whose <see cref="DisplayedValue.Update"/> shows a new value.</returns>
#pragma warning disable IDE1006 // The kernel's name, lower case, so notebooks run in both.
    public static DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var displayId = Guid.NewGuid().ToString("N");
        Sink?.Invoke(ValueFormatter.Format(value, mimeTypes), displayId);
        return new DisplayedValue(value, mimeTypes, displayId);
    }

    /// <summary>Shows a value as an output of the running cell; the same as <c>display(value, mimeTypes)</c>.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => display(value, mimeTypes);

    /// <summary>Marks a string as HTML, so that displaying it renders the markup (<c>text/html</c>).</summary>
    public static IHtmlContent HTML(string content) => new HtmlString(content);

    internal static void Update(string displayId, object? value, string[] mimeTypes) =>
        UpdateSink?.Invoke(displayId, ValueFormatter.Format(value, mimeTypes));
}
