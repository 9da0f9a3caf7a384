namespace GenerativeCourse.Catalog;

/// <summary>
/// How much a run may spend: the same three names in every notebook (<c>var profile = "default";</c>), in
/// <c>gencourse run --profile</c>, <c>gencourse train --profile</c> and <c>gencourse bench --profile</c>.
/// </summary>
public enum Profile
{
    /// <summary>The tests: about a minute per chapter on 2 cores, on a subset of the data. Numbers are not results.</summary>
    Quick,

    /// <summary>What a learner runs: at most 6 minutes per chapter on 2 cores; the results are already worth reading.</summary>
    Default,

    /// <summary>The literature-grade budget, at most an hour per model on 2 cores: the README's table.</summary>
    Full,
}

/// <summary>Reading and writing <see cref="Profile"/> names.</summary>
public static class Profiles
{
    /// <summary>The names, cheapest first: quick, default, full.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<Profile>().Select(Name)];

    /// <summary>"quick", "default" or "full".</summary>
    public static string Name(this Profile profile) => profile.ToString().ToLowerInvariant();

    /// <summary>The profile called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Not one of the three; the message lists them.</exception>
    public static Profile Parse(string name) =>
        Enum.TryParse<Profile>(name, ignoreCase: true, out var profile) && Enum.IsDefined(profile) && !int.TryParse(name, out _)
            ? profile
            : throw new ArgumentException($"'{name}' is not a profile; the profiles are {string.Join(", ", Names)}.", nameof(name));
}
