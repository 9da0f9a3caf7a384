using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.Execution.NuGet;

/// <summary>Real restores from the configured NuGet source; each test reads the results the fixture restored once.</summary>
public class PackageRestorerTests(RealRestoreFixture restores, ITestOutputHelper output) : IClassFixture<RealRestoreFixture>
{
    [Fact]
    public void TorchSharpGivesItsLibAssemblyNotTheReferenceOne()
    {
        var torchSharp = Assert.Single(restores.TorchSharpCold.RuntimeAssemblies, path => Path.GetFileName(path) == "TorchSharp.dll");

        Assert.Contains($"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}", torchSharp, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}", torchSharp, StringComparison.Ordinal);
        Assert.True(File.Exists(torchSharp), torchSharp);
        Assert.All(restores.TorchSharpCold.RuntimeAssemblies, path => Assert.EndsWith(".dll", path, StringComparison.Ordinal));
    }

    [Fact]
    public void TorchSharpGivesItsNativeLibrariesForThisRuntime()
    {
        var names = restores.TorchSharpCold.NativeLibraries.Select(Path.GetFileName).ToList();

        Assert.Contains("libLibTorchSharp.so", names);
        Assert.Contains("libtorch.so", names);
        Assert.Contains("libtorch_cpu.so", names);
        Assert.All(restores.TorchSharpCold.NativeLibraries, path =>
            Assert.Contains($"runtimes{Path.DirectorySeparatorChar}{restores.Restorer.Options.RuntimeIdentifier}{Path.DirectorySeparatorChar}native", path, StringComparison.Ordinal));
    }

    [Fact]
    public void TheResolvedPackagesIncludeTransitiveOnesWithTheirVersions()
    {
        var packages = restores.TorchSharpCold.Packages;

        Assert.Contains(new RestoredPackage("TorchSharp-cpu", "0.107.0"), packages);
        Assert.Contains(new RestoredPackage("TorchSharp", "0.107.0"), packages);
        Assert.Contains(packages, package => package.Name == "libtorch-cpu-linux-x64");
        Assert.False(restores.TorchSharpCold.FromCache);
    }

    [Fact]
    public void SkiaSharpGivesItsNativeLibraryFromTheNativeAssetsPackage()
    {
        var skia = Assert.Single(restores.SkiaCold.NativeLibraries, path => Path.GetFileName(path) == "libSkiaSharp.so");

        Assert.Contains("skiasharp.nativeassets.linux.nodependencies", skia, StringComparison.Ordinal);
        Assert.Contains(restores.SkiaCold.RuntimeAssemblies, path => Path.GetFileName(path) == "SkiaSharp.dll");
    }

    [Fact]
    public void ASecondRestoreOfTheSameSetComesFromTheCache()
    {
        output.WriteLine($"TorchSharp-cpu cold: {restores.TorchSharpCold.Elapsed.TotalMilliseconds:0} ms, cached: {restores.TorchSharpCached.Elapsed.TotalMilliseconds:0.0} ms; SkiaSharp cold: {restores.SkiaCold.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(restores.TorchSharpCached.FromCache);
        Assert.Equal(restores.TorchSharpCold.RuntimeAssemblies, restores.TorchSharpCached.RuntimeAssemblies);
        Assert.Equal(restores.TorchSharpCold.NativeLibraries, restores.TorchSharpCached.NativeLibraries);
        Assert.Equal(restores.TorchSharpCold.Packages, restores.TorchSharpCached.Packages);
        Assert.True(restores.TorchSharpCached.Elapsed < restores.TorchSharpCold.Elapsed,
            $"cached {restores.TorchSharpCached.Elapsed} should beat cold {restores.TorchSharpCold.Elapsed}");
    }

    [Fact]
    public void TheThrowAwayProjectsAreRemoved() =>
        Assert.Empty(Directory.GetDirectories(Path.Combine(restores.CacheRoot, "projects")));

    [Fact]
    public async Task AnUnknownPackageIsAClearErrorWithTheNuGetDiagnostic()
    {
        PackageRequest[] unknown = [new("GenerativeCourse.NoSuchPackage", "1.0.0")];

        var failure = await Assert.ThrowsAsync<PackageRestoreException>(() => restores.Restorer.RestoreAsync(unknown, [], CancellationToken.None));
        output.WriteLine(failure.Message);

        Assert.StartsWith("restoring NuGet package(s) \"GenerativeCourse.NoSuchPackage, 1.0.0\" failed: dotnet msbuild -restore exited with code 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains(failure.OutputLines, line => line.StartsWith("error NU1101: Unable to find package GenerativeCourse.NoSuchPackage.", StringComparison.Ordinal));
        Assert.All(failure.OutputLines, line => Assert.Contains(line, failure.Message, StringComparison.Ordinal));
        Assert.True(failure.OutputLines.Count <= 20, string.Join("\n", failure.OutputLines));
        Assert.Equal(unknown, failure.Packages);
    }

    [Fact]
    public async Task AFloatingVersionIsRestoredButNotCached()
    {
        PackageRequest[] floating = [new("Markdig", "1.*")];
        var cacheFilesBefore = Directory.GetFiles(restores.CacheRoot, "*.json");

        var result = await restores.Restorer.RestoreAsync(floating, [], CancellationToken.None);

        Assert.False(result.FromCache);
        Assert.Contains(result.RuntimeAssemblies, path => Path.GetFileName(path) == "Markdig.dll");
        Assert.Equal(cacheFilesBefore, Directory.GetFiles(restores.CacheRoot, "*.json"));
    }
}
