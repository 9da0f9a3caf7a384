using System.ComponentModel;
using System.Diagnostics;
using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Restores a notebook's <c>#r "nuget:"</c> packages for real, as the .NET Interactive kernel does: it writes a
/// throw-away project with the packages, runs <c>dotnet msbuild -restore</c> with a target after
/// <c>ResolveReferences</c>, and reads back which runtime assemblies and native libraries the SDK picked for this
/// framework and runtime, in the NuGet global packages folder. No package is known in advance.
/// </summary>
/// <remarks>
/// Results are cached under <see cref="PackageRestorerOptions.CacheRoot"/> by a hash of the package set, sources,
/// framework and runtime, unless a version floats (no version, <c>*</c>, <c>1.*</c>): then every call restores again.
/// Relative local package sources are taken relative to the current directory (the runner's is the notebook's folder).
/// </remarks>
public sealed class PackageRestorer(PackageRestorerOptions options)
{
    private readonly RestoreCache _cache = new(options.CacheRoot);

    public PackageRestorer()
        : this(PackageRestorerOptions.Default)
    {
    }

    public PackageRestorerOptions Options => options;

    /// <summary>Restores the packages (the whole cumulative set of a notebook) from the default sources plus <paramref name="sources"/>.</summary>
    /// <exception cref="PackageRestoreException">Unknown package or version, unreachable source, time limit reached, or no <c>dotnet</c>.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the restore process was stopped.</exception>
    public async Task<RestoreResult> RestoreAsync(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(sources);
        var clock = Stopwatch.StartNew();
        if (packages.Count == 0)
        {
            return new RestoreResult([], [], [], FromCache: false, clock.Elapsed);
        }

        var fullSources = sources.Select(FullSource).Distinct(StringComparer.Ordinal).ToList();
        var key = RestoreCacheKey.For(packages, fullSources, options.TargetFramework, options.RuntimeIdentifier);
        if (key is not null && _cache.TryRead(key) is { } cached)
        {
            return cached with { Elapsed = clock.Elapsed };
        }

        var work = Path.Combine(options.CacheRoot, "projects", $"{key ?? "floating"}-{Guid.NewGuid():N}");
        try
        {
            var result = await RestoreInAsync(work, packages, fullSources, cancellationToken).ConfigureAwait(false);
            if (key is not null)
            {
                _cache.Write(key, result);
            }

            return result with { Elapsed = clock.Elapsed };
        }
        finally
        {
            DeleteQuietly(work);
        }
    }

    private async Task<RestoreResult> RestoreInAsync(string work, IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(work);
        var project = Path.Combine(work, RestoreProject.FileName);
        await File.WriteAllTextAsync(project, RestoreProject.Create(packages, sources, options.TargetFramework, options.RuntimeIdentifier), cancellationToken)
            .ConfigureAwait(false);

        DotnetCommand.Outcome outcome;
        try
        {
            outcome = await DotnetCommand.RunAsync(
                options.DotnetPath,
                ["msbuild", project, "-restore", $"-t:{RestoreProject.TargetName}", "-nologo", "-v:q", "-nodeReuse:false"],
                work,
                options.Timeout,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw Failure(packages, $"cannot start \"{options.DotnetPath}\" ({e.Message}); install the .NET SDK or put dotnet on PATH", [], e);
        }

        var lines = RestoreOutput.Relevant(outcome.Output);
        if (outcome.TimedOut)
        {
            throw Failure(packages, $"the restore did not finish within {options.Timeout.TotalSeconds:0.###} s and was stopped", lines);
        }

        var assetsFile = Path.Combine(work, RestoreProject.AssetsFileName);
        var projectAssets = Path.Combine(work, "obj", "project.assets.json");
        if (outcome.ExitCode != 0 || !File.Exists(assetsFile) || !File.Exists(projectAssets))
        {
            throw Failure(packages, $"dotnet msbuild -restore exited with code {outcome.ExitCode}", lines);
        }

        var (runtime, native) = RestoredAssets.ReadFileList(assetsFile);
        return new RestoreResult(RestoredAssets.ReadPackages(projectAssets), runtime, native, FromCache: false, TimeSpan.Zero);
    }

    private static PackageRestoreException Failure(IReadOnlyList<PackageRequest> packages, string reason, IReadOnlyList<string> lines, Exception? inner = null)
    {
        var names = string.Join("; ", packages.Select(package => $"\"{package}\""));
        var message = $"restoring NuGet package(s) {names} failed: {reason}";
        if (lines.Count > 0)
        {
            message += Environment.NewLine + string.Join(Environment.NewLine, lines.Select(line => "  " + line));
        }

        return new PackageRestoreException(message, packages, lines, inner);
    }

    // A local folder source must not depend on the throw-away project's location; URLs are kept as written.
    private static string FullSource(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && !uri.IsFile ? source : Path.GetFullPath(source);

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover throw-away project wastes a little disk; the restore result is what matters.
        }
    }
}
