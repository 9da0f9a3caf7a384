namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The metadata this course adds to notebooks. Everything lives under one key, <c>"gencourse"</c>, so it never
/// collides with Jupyter's or Polyglot's own keys and other tools keep it untouched.
/// </summary>
/// <remarks>
/// <para>
/// <b>Profiles</b> (written by the notebook's author, kept by <see cref="Notebook.Clean"/>), in the metadata of the
/// cell tagged <c>parameters</c>: <c>"gencourse": { "profiles": { "quick": { "epochs": 1, "lr": 0.01 }, "full": { "epochs": 200 } } }</c>.
/// Only <c>quick</c> and <c>full</c> may be declared (<see cref="Profiles"/>; <c>default</c> is the cell as written).
/// Each profile is a named set of overrides; each override maps a variable declared in the parameters cell to a JSON
/// number (integral numbers become C# <c>int</c> literals, others <c>double</c>), <c>true</c>/<c>false</c> or a string.
/// See <see cref="Parameters.ReadProfiles"/>.
/// </para>
/// <para>
/// <b>Timing</b> (written by the runner, removed by <see cref="Notebook.Clean"/>), in the metadata of each executed
/// cell and of the notebook: <c>"gencourse": { "timing": { "start": "2026-01-05T10:00:00.125Z", "end": "2026-01-05T10:00:02.500Z" } }</c>;
/// UTC, ISO 8601 with milliseconds. See <see cref="ExecutionTiming"/>.
/// </para>
/// <para>
/// <b>Order</b> (written by the notebook's author), in the notebook's metadata: <c>"gencourse": { "runsAfter": ["08-pixelcnn"] }</c>,
/// the notebooks of the same folder that a run of the folder finishes first. See <see cref="RunsAfter"/>.
/// </para>
/// </remarks>
public static class CourseMetadata
{
    /// <summary>The metadata key under which all of the course's metadata lives.</summary>
    public const string Key = "gencourse";

    /// <summary>Key of the named override sets, in the parameters cell's <c>gencourse</c> object.</summary>
    public const string ProfilesKey = "profiles";

    /// <summary>Key of the start and end time of an execution, in a cell's or the notebook's <c>gencourse</c> object.</summary>
    public const string TimingKey = "timing";

    public const string TimingStartKey = "start";

    public const string TimingEndKey = "end";
}
