using System.Security.Cryptography;
using System.Text;
using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Names a restore result in the cache: a hash of everything that decides it (the package set in any order, the
/// sources, the target framework and the runtime) plus <see cref="FormatVersion"/>, bumped when the cached file or
/// the way assets are picked changes.
/// </summary>
internal static class RestoreCacheKey
{
    public const int FormatVersion = 1;

    /// <summary>32 hex digits (128 bits of SHA-256), or null when a version floats: such a result must not be reused.</summary>
    public static string? For(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string targetFramework, string runtimeIdentifier)
    {
        if (packages.Any(package => package.IsFloating))
        {
            return null;
        }

        var text = new StringBuilder()
            .Append("format=").Append(FormatVersion).Append('\n')
            .Append("tfm=").Append(targetFramework.ToLowerInvariant()).Append('\n')
            .Append("rid=").Append(runtimeIdentifier.ToLowerInvariant()).Append('\n');
        foreach (var package in packages.Select(p => $"{p.Name.ToLowerInvariant()}/{p.Version!.ToLowerInvariant()}").Distinct().Order(StringComparer.Ordinal))
        {
            text.Append("package=").Append(package).Append('\n');
        }

        foreach (var source in sources.Distinct().Order(StringComparer.Ordinal))
        {
            text.Append("source=").Append(source).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
