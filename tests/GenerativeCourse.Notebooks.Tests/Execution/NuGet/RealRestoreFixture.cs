using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Tests.Execution.NuGet;

/// <summary>
/// The slow part of the restore tests, done once per test class: real restores (they run <c>dotnet msbuild</c>, seconds
/// each) into a fresh cache folder, so the first restore of a set never comes from an earlier test run.
/// </summary>
public sealed class RealRestoreFixture : IDisposable
{
    public static readonly PackageRequest[] TorchSharp = [new("TorchSharp-cpu", "0.107.0")];

    public static readonly PackageRequest[] Skia = [new("SkiaSharp", "2.88.9"), new("SkiaSharp.NativeAssets.Linux.NoDependencies", "2.88.9")];

    private readonly Fixture.TempDirectory _cache = new();

    public RealRestoreFixture()
    {
        Restorer = new PackageRestorer(PackageRestorerOptions.Default with { CacheRoot = _cache.Path });
        TorchSharpCold = Restore(TorchSharp);
        TorchSharpCached = Restore(TorchSharp);
        SkiaCold = Restore(Skia);
    }

    public PackageRestorer Restorer { get; }

    public string CacheRoot => _cache.Path;

    public RestoreResult TorchSharpCold { get; }

    public RestoreResult TorchSharpCached { get; }

    public RestoreResult SkiaCold { get; }

    public void Dispose() => _cache.Dispose();

    private RestoreResult Restore(IReadOnlyList<PackageRequest> packages) =>
        Restorer.RestoreAsync(packages, [], CancellationToken.None).GetAwaiter().GetResult();
}
