using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Runtime;

public sealed class PatchedLibraryCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gencourse-cache-test-" + Guid.NewGuid().ToString("N"));
    private readonly TorchSharpNativeFiles _files = TorchSharpNativeFiles.Locate(typeof(torch).Assembly);
    private readonly byte[] _patched;

    public PatchedLibraryCacheTests() =>
        _patched = ElfVersionNeeds.WithWeakNeed(
            File.ReadAllBytes(_files.LibTorchSharp), TorchSharpNative.UnusedVersionLibrary, TorchSharpNative.UnusedVersion);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void FirstCallWritesTheEntryAndSecondCallReusesIt()
    {
        var cache = new PatchedLibraryCache(_root);

        var first = cache.GetOrCreate(_files, _patched);
        var written = File.GetLastWriteTimeUtc(first.LibTorchSharp);
        var second = cache.GetOrCreate(_files, _patched);

        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(first.LibTorchSharp, second.LibTorchSharp);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.LibTorchSharp));
        Assert.Equal(_patched, File.ReadAllBytes(second.LibTorchSharp));
    }

    [Fact]
    public void EntryHoldsLinksToEveryLibtorchLibrarySoRunpathOriginFindsThem()
    {
        var entry = new PatchedLibraryCache(_root).GetOrCreate(_files, _patched);
        var folder = Path.GetDirectoryName(entry.LibTorchSharp)!;

        foreach (var name in new[] { "libtorch.so", "libtorch_cpu.so", "libc10.so" })
        {
            var link = new FileInfo(Path.Combine(folder, name));
            Assert.Equal(Path.Combine(_files.LibTorchDirectory, name), link.LinkTarget);
        }
    }

    [Fact]
    public void ProcessesStartingAtOnceAllGetOneCompleteEntryAndNoTemporariesRemain()
    {
        // Separate cache objects stand in for separate processes: they share nothing but the folder.
        var entries = Enumerable.Range(0, 6)
            .AsParallel().WithDegreeOfParallelism(6)
            .Select(_ => new PatchedLibraryCache(_root).GetOrCreate(_files, _patched))
            .ToList();

        Assert.Single(entries.Select(e => e.LibTorchSharp).Distinct());
        Assert.Equal(_patched, File.ReadAllBytes(entries[0].LibTorchSharp));
        Assert.Single(Directory.GetDirectories(_root));            // no .tmp-* or .stale-* left behind
    }

    [Fact]
    public void CorruptEntryIsRewritten()
    {
        var cache = new PatchedLibraryCache(_root);
        var entry = cache.GetOrCreate(_files, _patched);
        File.WriteAllBytes(entry.LibTorchSharp, _patched[..1000]);  // e.g. a disk that filled up mid-copy by hand

        var again = cache.GetOrCreate(_files, _patched);

        Assert.False(again.Reused);
        Assert.Equal(_patched, File.ReadAllBytes(again.LibTorchSharp));
    }

    [Fact]
    public void UnwritableCacheFolderGivesAnErrorNamingTheFolderAndTheFix()
    {
        // A path below a regular file can never be created, even by root (chmod would not stop root).
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "a-file");
        File.WriteAllText(blocker, "");
        var cache = new PatchedLibraryCache(Path.Combine(blocker, "native"));

        var error = Assert.Throws<NativeLoadException>(() => cache.GetOrCreate(_files, _patched));

        Assert.Contains(cache.Root, error.Message, StringComparison.Ordinal);
        Assert.Contains("libLibTorchSharp.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("XDG_CACHE_HOME", error.Message, StringComparison.Ordinal);
    }
}

public sealed class PatchedLibraryCacheDefaultRootTests
{
    [Theory]
    [InlineData("/tmp/xdg-cache", "/tmp/xdg-cache/generative-course/native")]
    [InlineData("relative/ignored", null)]
    [InlineData("", null)]
    public void DefaultRootFollowsXdgCacheHomeWhenItIsAbsolute(string xdg, string? expected)
    {
        var saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", xdg);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(expected ?? Path.Combine(home, ".cache", "generative-course", "native"), PatchedLibraryCache.DefaultRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }
}
