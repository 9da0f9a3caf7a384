namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// One package a notebook asks for with <c>#r "nuget: Name, Version"</c>. Two requests are equal when name
/// (ignoring case, as NuGet does) and version (as written) are equal.
/// </summary>
/// <param name="Name">The package id as written, for example <c>TorchSharp-cpu</c>.</param>
/// <param name="Version">
/// The version or range as written without spaces (<c>0.107.0</c>, <c>1.*</c>, <c>*-*</c>, <c>[1.0,2.0)</c>), or null when the
/// directive gives none (the newest stable version).
/// </param>
public sealed record PackageRequest(string Name, string? Version)
{
    /// <summary>
    /// True when the version a restore picks can change from one day to the next: no version, or a wildcard
    /// (<c>*</c>, <c>*-*</c>, <c>1.*</c>). A range such as <c>[1.0,2.0)</c> or a bare <c>1.0</c> (meaning "1.0 or later")
    /// does not float: NuGet resolves it to the lowest version that satisfies it.
    /// </summary>
    public bool IsFloating => Version is null || Version.Contains('*', StringComparison.Ordinal);

    public bool Equals(PackageRequest? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Version, other.Version, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Name),
        Version is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Version));

    /// <summary>The directive's own spelling: <c>Name, Version</c> or just <c>Name</c>.</summary>
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}
