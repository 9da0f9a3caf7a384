using System.Globalization;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// When a cell (or a whole notebook run) started and ended. Stored as
/// <c>metadata.gencourse.timing = { "start": "…Z", "end": "…Z" }</c> in UTC, ISO 8601 with millisecond precision
/// (see <see cref="CourseMetadata"/>); <see cref="Notebook.Clean"/> removes it.
/// </summary>
public sealed record ExecutionTiming(DateTimeOffset Start, DateTimeOffset End)
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public TimeSpan Duration => End - Start;

    internal static bool IsPresentIn(JsonObject metadata) =>
        metadata[CourseMetadata.Key] is JsonObject course && course.ContainsKey(CourseMetadata.TimingKey);

    /// <summary>The timing stored in a metadata object, or null if there is none or it is not in the expected form.</summary>
    internal static ExecutionTiming? ReadFrom(JsonObject metadata)
    {
        if (metadata[CourseMetadata.Key] is not JsonObject course ||
            course[CourseMetadata.TimingKey] is not JsonObject timing)
        {
            return null;
        }

        return ParseTime(timing[CourseMetadata.TimingStartKey]) is { } start && ParseTime(timing[CourseMetadata.TimingEndKey]) is { } end
            ? new ExecutionTiming(start, end)
            : null;
    }

    /// <summary>Stores the timing (null removes it, and removes <c>gencourse</c> too if nothing else is left in it).</summary>
    internal static void WriteTo(JsonObject metadata, ExecutionTiming? timing)
    {
        if (timing is null)
        {
            if (metadata[CourseMetadata.Key] is JsonObject existing && existing.Remove(CourseMetadata.TimingKey) && existing.Count == 0)
            {
                metadata.Remove(CourseMetadata.Key);
            }

            return;
        }

        if (metadata[CourseMetadata.Key] is not JsonObject course)
        {
            course = [];
            metadata[CourseMetadata.Key] = course;
        }

        course[CourseMetadata.TimingKey] = new JsonObject
        {
            [CourseMetadata.TimingStartKey] = FormatTime(timing.Start),
            [CourseMetadata.TimingEndKey] = FormatTime(timing.End),
        };
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(JsonNode? node) =>
        JsonText.AsString(node) is { } text &&
        DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
