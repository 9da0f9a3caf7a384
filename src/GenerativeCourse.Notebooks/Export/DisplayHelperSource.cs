namespace GenerativeCourse.Notebooks.Export;

/// <summary>
/// The C# appended to an exported app so that the notebook helpers keep working outside a kernel: <c>display(x)</c>,
/// <c>HTML(s)</c> and <c>x.Display()</c> write the value's text to the console, one line per call.
/// </summary>
/// <remarks>
/// When the app references <c>Microsoft.DotNet.Interactive.Formatting</c> (directly or through the course library),
/// values are written as the notebook shows them in <c>text/plain</c>, with any formatters the notebook registered;
/// otherwise with <c>ToString()</c>. The class is <c>static</c> in the global namespace and brought in with
/// <c>using static</c>, so cells call the helpers unqualified as in a notebook.
/// </remarks>
internal static class DisplayHelperSource
{
    public const string ClassName = "NotebookDisplay";

    public static string Create(bool useFormatting)
    {
        // The notebook's display(x, "text/html") asks for a MIME type; the Formatting package can honour it, ToString cannot.
        var text = useFormatting
            ? "global::Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, mimeTypes.Length > 0 ? mimeTypes[0] : \"text/plain\")"
            : "value.ToString()";
        return $$"""
            /// <summary>The notebook helpers display, HTML and Display, writing values to the console as text.</summary>
            static class {{ClassName}}
            {
                public static void display(object value, params string[] mimeTypes) => Console.WriteLine(value is null ? "<null>" : {{text}});

                public static object HTML(string html) => new HtmlText(html);

                public static void Display<T>(this T value) => display(value);

                private sealed record HtmlText(string Html)
                {
                    public override string ToString() => Html;
                }
            }

            """;
    }
}
