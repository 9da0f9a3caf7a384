using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Tests.Execution.NuGet;

/// <summary>The pieces of a restore that need no <c>dotnet</c>: cache key, cache entries, output filtering, project text.</summary>
public class RestorePartsTests
{
    private static readonly PackageRequest[] _two = [new("TorchSharp-cpu", "0.107.0"), new("Markdig", "1.6.0")];

    [Fact]
    public void TheCacheKeyIgnoresOrderAndCaseButNotVersionsSourcesOrRuntime()
    {
        var key = RestoreCacheKey.For(_two, ["/b", "/a"], "net10.0", "linux-x64");

        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal(key, RestoreCacheKey.For([new("markdig", "1.6.0"), new("torchsharp-cpu", "0.107.0")], ["/a", "/b"], "net10.0", "linux-x64"));
        Assert.NotEqual(key, RestoreCacheKey.For([new("TorchSharp-cpu", "0.106.0"), new("Markdig", "1.6.0")], ["/a", "/b"], "net10.0", "linux-x64"));
        Assert.NotEqual(key, RestoreCacheKey.For(_two, ["/a"], "net10.0", "linux-x64"));
        Assert.NotEqual(key, RestoreCacheKey.For(_two, ["/a", "/b"], "net10.0", "linux-arm64"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("1.*")]
    public void AFloatingVersionHasNoCacheKey(string? version) =>
        Assert.Null(RestoreCacheKey.For([new("TorchSharp-cpu", "0.107.0"), new("Markdig", version)], [], "net10.0", "linux-x64"));

    [Fact]
    public void ACacheEntryWhoseFilesExistIsReadBack()
    {
        using var directory = new Fixture.TempDirectory();
        var dll = directory.File("A.dll");
        File.WriteAllText(dll, "");
        var cache = new RestoreCache(directory.Path);
        cache.Write("k", new RestoreResult([new RestoredPackage("A", "1.0.0")], [dll], [], FromCache: false, TimeSpan.FromSeconds(3)));

        var read = cache.TryRead("k");

        Assert.NotNull(read);
        Assert.Equal([new RestoredPackage("A", "1.0.0")], read.Packages);
        Assert.Equal([dll], read.RuntimeAssemblies);
        Assert.True(read.FromCache);
        Assert.Equal([cache.PathOf("k")], Directory.GetFiles(directory.Path, "*k.json*")); // no temporary file left beside it
    }

    [Fact]
    public void ACacheEntryNamingAMissingFileIsStale()
    {
        using var directory = new Fixture.TempDirectory();
        var cache = new RestoreCache(directory.Path);
        cache.Write("k", new RestoreResult([], [], [directory.File("libgone.so")], FromCache: false, TimeSpan.Zero));

        Assert.Null(cache.TryRead("k"));
        Assert.Null(cache.TryRead("never-written"));
    }

    [Fact]
    public void TheRelevantOutputIsTheNuGetLinesOnceWithoutTheProjectPath()
    {
        const string Output = """
              Determining projects to restore...
            /tmp/x/notebook-restore.csproj : error NU1101: Unable to find package Nope. No packages exist with this id in source(s): nuget.org [/tmp/x/notebook-restore.csproj]
            /tmp/x/notebook-restore.csproj : warning NU1603: A 1.0 depends on B (>= 1.0.0) but B 1.0.0 was not found. B 1.0.1 was resolved instead.
              Failed to restore /tmp/x/notebook-restore.csproj (in 1.2 sec).
            /tmp/x/notebook-restore.csproj : error NU1101: Unable to find package Nope. No packages exist with this id in source(s): nuget.org [/tmp/x/notebook-restore.csproj]
            """;

        Assert.Equal(
            [
                "error NU1101: Unable to find package Nope. No packages exist with this id in source(s): nuget.org",
                "warning NU1603: A 1.0 depends on B (>= 1.0.0) but B 1.0.0 was not found. B 1.0.1 was resolved instead.",
            ],
            RestoreOutput.Relevant(Output));
    }

    [Fact]
    public void WithoutNuGetLinesOtherErrorsAreKept()
    {
        const string Output = "noise\n/p.csproj(3,5): error MSB4025: The project file could not be loaded.\nmore noise\n";

        Assert.Equal(["error MSB4025: The project file could not be loaded."], RestoreOutput.Relevant(Output));
    }

    [Fact]
    public void TheProjectIsIsolatedFromTheRepositoryAndListsEveryPackage()
    {
        var project = RestoreProject.Create([new("Markdig", null), new("A", "[1.0,2.0)")], ["https://feed.example/v3/index.json?a=%20;b"], "net10.0", "linux-x64");

        Assert.Contains("<ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>", project, StringComparison.Ordinal);
        Assert.Contains("<ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>", project, StringComparison.Ordinal);
        Assert.Contains("<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>", project, StringComparison.Ordinal);
        Assert.Contains("<RuntimeIdentifier>linux-x64</RuntimeIdentifier>", project, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"Markdig\" Version=\"*\" />", project, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"A\" Version=\"[1.0,2.0)\" />", project, StringComparison.Ordinal);
        Assert.Contains("<RestoreAdditionalProjectSources>https://feed.example/v3/index.json?a=%2520%3Bb</RestoreAdditionalProjectSources>", project, StringComparison.Ordinal);
        Assert.True(project.IndexOf("ImportDirectoryBuildProps", StringComparison.Ordinal) < project.IndexOf("Sdk.props", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("linux-x64", "linux-x64")]
    [InlineData("linux-musl-arm64", "linux-musl-arm64")]
    [InlineData("osx-arm64", "osx-arm64")]
    public void APortableRuntimeIdentifierIsKept(string rid, string expected) =>
        Assert.Equal(expected, PortableRuntimeIdentifier.Normalize(rid));

    [Fact]
    public void ADistributionRuntimeIdentifierBecomesPortable()
    {
        var architecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        Assert.Equal(OperatingSystem.IsLinux() ? $"linux-{architecture}" : PortableRuntimeIdentifier.Normalize("debian.12-x64"),
            PortableRuntimeIdentifier.Normalize("debian.12-x64"));
        Assert.Equal(PortableRuntimeIdentifier.Current, PortableRuntimeIdentifier.Normalize(PortableRuntimeIdentifier.Current));
    }

    [Fact]
    public async Task AMissingDotnetIsAClearError()
    {
        using var directory = new Fixture.TempDirectory();
        var restorer = new PackageRestorer(PackageRestorerOptions.Default with { CacheRoot = directory.Path, DotnetPath = "/nonexistent/dotnet" });

        var failure = await Assert.ThrowsAsync<PackageRestoreException>(() => restorer.RestoreAsync([new("Markdig", "1.6.0")], [], CancellationToken.None));

        Assert.StartsWith("restoring NuGet package(s) \"Markdig, 1.6.0\" failed: cannot start \"/nonexistent/dotnet\" (", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("); install the .NET SDK or put dotnet on PATH", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARestorePastItsTimeLimitIsStoppedAndReported()
    {
        using var directory = new Fixture.TempDirectory();
        var restorer = new PackageRestorer(PackageRestorerOptions.Default with { CacheRoot = directory.Path, Timeout = TimeSpan.FromMilliseconds(200) });

        var failure = await Assert.ThrowsAsync<PackageRestoreException>(() => restorer.RestoreAsync([new("Markdig", "1.6.0")], [], CancellationToken.None));

        Assert.StartsWith("restoring NuGet package(s) \"Markdig, 1.6.0\" failed: the restore did not finish within 0.2 s and was stopped", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory.Path, "*.json"));
    }

    [Fact]
    public async Task CancellingStopsTheRestoreAndLeavesNoCacheEntry()
    {
        using var directory = new Fixture.TempDirectory();
        var restorer = new PackageRestorer(PackageRestorerOptions.Default with { CacheRoot = directory.Path });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => restorer.RestoreAsync([new("Markdig", "1.6.0")], [], cancel.Token));

        var projects = Path.Combine(directory.Path, "projects");
        Assert.Empty(Directory.GetFiles(directory.Path, "*.json"));
        Assert.True(!Directory.Exists(projects) || Directory.GetDirectories(projects).Length == 0, "the throw-away project was left behind");
    }

    [Fact]
    public async Task NoPackagesNeedNoRestore()
    {
        var result = await new PackageRestorer(PackageRestorerOptions.Default with { DotnetPath = "/nonexistent/dotnet" }).RestoreAsync([], [], CancellationToken.None);

        Assert.Empty(result.RuntimeAssemblies);
        Assert.Empty(result.Packages);
    }
}
