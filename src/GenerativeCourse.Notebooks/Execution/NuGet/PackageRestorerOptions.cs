namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>How <see cref="PackageRestorer"/> restores; <see cref="Default"/> fits the machine it runs on.</summary>
/// <param name="CacheRoot">
/// Folder of restore results and throw-away projects; default <c>$XDG_CACHE_HOME/generative-course/restore</c>, or
/// <c>~/.cache/generative-course/restore</c> when <c>XDG_CACHE_HOME</c> is not set.
/// </param>
/// <param name="TargetFramework">The framework whose assets are picked; the runner's own, <c>net10.0</c>.</param>
/// <param name="RuntimeIdentifier">The portable runtime whose native and runtime-specific assets are picked, for example <c>linux-x64</c>.</param>
/// <param name="DotnetPath">The <c>dotnet</c> executable that runs the restore.</param>
/// <param name="Timeout">Longest a restore may take before it is stopped and reported as failed.</param>
public sealed record PackageRestorerOptions(string CacheRoot, string TargetFramework, string RuntimeIdentifier, string DotnetPath, TimeSpan Timeout)
{
    /// <summary>Generous for a cold restore of large packages (libtorch is about 200 MB to download) on a slow feed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public const string DefaultTargetFramework = "net10.0";

    /// <summary>Options for this machine and process: the default cache folder, <c>net10.0</c>, the current runtime and <c>dotnet</c>.</summary>
    public static PackageRestorerOptions Default => new(
        DefaultCacheRoot(),
        DefaultTargetFramework,
        PortableRuntimeIdentifier.Current,
        DotnetHost.Locate(),
        DefaultTimeout);

    public static string DefaultCacheRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache) || !Path.IsPathRooted(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "generative-course", "restore");
    }
}
