namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The course's three run profiles, the same names in every notebook and every <c>gencourse</c> command:
/// <list type="bullet">
/// <item><see cref="Quick"/>: the tests, about a minute per chapter on 2 cores on a subset of the data;</item>
/// <item><see cref="Default"/>: the notebook as written, what a learner runs (at most 6 minutes per chapter);</item>
/// <item><see cref="Full"/>: the literature-grade budget behind the README's table (at most an hour per model).</item>
/// </list>
/// </summary>
/// <remarks>
/// <see cref="Quick"/> and <see cref="Full"/> are override sets declared in the parameters cell's metadata
/// (<see cref="CourseMetadata"/>); a notebook that declares neither runs as written in them. <see cref="Default"/> is the
/// parameters cell itself, so it cannot be declared. When the parameters cell declares a variable called
/// <see cref="Variable"/> (<c>var profile = "default";</c>), a run with a profile sets it to the profile's name, so the
/// notebook can ask the library for the same profile's recipe budget.
/// </remarks>
public static class Profiles
{
    public const string Quick = "quick";
    public const string Default = "default";
    public const string Full = "full";

    /// <summary>The variable of the parameters cell that receives the profile's name.</summary>
    public const string Variable = "profile";

    /// <summary>The three names, from the cheapest to the most expensive.</summary>
    public static IReadOnlyList<string> Names { get; } = [Quick, Default, Full];

    /// <summary>The names that the parameters cell's metadata may declare overrides for.</summary>
    public static IReadOnlyList<string> Declarable { get; } = [Quick, Full];

    /// <summary>"'tiny' is not a profile; the profiles are quick, default and full".</summary>
    public static string UnknownMessage(string name) => $"\"{name}\" is not a profile; the profiles are {Quick}, {Default} and {Full}";
}
