namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>
/// Reads the text between the quotes of <c>#r "nuget: …"</c> and <c>#i "nuget: …"</c>, as .NET Interactive writes it:
/// <c>nuget: Name</c>, <c>nuget:Name, 1.2.3</c>, <c>nuget: Name, *-*</c>, <c>nuget: Name, [1.0, 2.0)</c>.
/// </summary>
internal static class NuGetDirective
{
    public const string Prefix = "nuget:";

    private const string Expected = "expected #r \"nuget: Name, Version\" or #r \"nuget: Name\"";

    public static bool HasPrefix(string argument) =>
        argument.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The package, or the message saying what is wrong with the argument.</summary>
    public static (PackageRequest? Package, string? Error) ParsePackage(string argument)
    {
        var body = AfterPrefix(argument);
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var name = (comma < 0 ? body : body[..comma]).Trim();
        if (name.Length == 0)
        {
            return (null, $"malformed #r \"nuget:\" directive: the package name is missing ({Expected})");
        }

        if (!name.All(IsNameCharacter))
        {
            return (null, $"malformed #r \"nuget:\" directive: \"{name}\" is not a package name (letters, digits, '.', '-' and '_' only; {Expected})");
        }

        if (comma < 0)
        {
            return (new PackageRequest(name, null), null);
        }

        // NuGet versions never contain spaces, so "[1.0, 2.0)" and "[1.0,2.0)" are one range.
        var version = string.Concat(body[(comma + 1)..].Where(c => !char.IsWhiteSpace(c)));
        if (version.Length == 0)
        {
            return (null, $"malformed #r \"nuget:\" directive: the version after the comma is missing for \"{name}\" ({Expected}, or leave out the comma for the newest version)");
        }

        if (!version.All(IsVersionCharacter))
        {
            return (null, $"malformed #r \"nuget:\" directive: \"{version}\" is not a version or version range for \"{name}\" (for example 1.2.3, 1.*, *-* or [1.0,2.0))");
        }

        return (new PackageRequest(name, version), null);
    }

    /// <summary>The package source (URL or folder), or the message saying it is missing.</summary>
    public static (string? Source, string? Error) ParseSource(string argument)
    {
        var source = AfterPrefix(argument).Trim();
        return source.Length == 0
            ? (null, "malformed #i \"nuget:\" directive: the package source is missing (expected #i \"nuget: <source URL or folder>\")")
            : (source, null);
    }

    private static string AfterPrefix(string argument) => argument.TrimStart()[Prefix.Length..];

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    private static bool IsVersionCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '*' or '[' or ']' or '(' or ')' or ',';
}
