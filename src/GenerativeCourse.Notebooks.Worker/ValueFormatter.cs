using Microsoft.DotNet.Interactive.Formatting;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Turns a displayed value into the MIME bundle of a <c>display_data</c> output with
/// <c>Microsoft.DotNet.Interactive.Formatting</c>, the formatter of .NET Interactive. A notebook's own registrations
/// (<c>CourseFormatters.Register()</c> in a cell) land in the same <see cref="Formatter"/>: the script references
/// the same assembly version as this worker, so the runtime loads it once.
/// </summary>
internal static class ValueFormatter
{
    public const string Html = "text/html";
    public const string PlainText = "text/plain";
    public const string Png = "image/png";

    /// <summary>
    /// The value in the requested MIME types, or by default in <c>text/html</c> and <c>text/plain</c>, plus
    /// <c>image/png</c> (base64) when a formatter for it is registered for the value's type.
    /// </summary>
    public static Dictionary<string, string> Format(object? value, IReadOnlyCollection<string> mimeTypes)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mimeTypes.Count > 0)
        {
            foreach (var mimeType in mimeTypes)
            {
                data[mimeType] = Formatter.ToDisplayString(value, mimeType);
            }

            return data;
        }

        data[Html] = Formatter.ToDisplayString(value, Html);
        data[PlainText] = Formatter.ToDisplayString(value, PlainText);
        if (value is not null && HasRegisteredFormatter(value.GetType(), Png))
        {
            data[Png] = Formatter.ToDisplayString(value, Png);
        }

        return data;
    }

    // Formatting's defaults would write some text for any MIME type; only a registration means the value is an image.
    private static bool HasRegisteredFormatter(Type type, string mimeType) =>
        Formatter.RegisteredFormatters(false).Any(formatter => formatter.MimeType == mimeType && formatter.Type.IsAssignableFrom(type));
}
