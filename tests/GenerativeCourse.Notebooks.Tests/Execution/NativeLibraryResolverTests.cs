using GenerativeCourse.Notebooks.Worker;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>The worker finds a restored native library under every name a <c>DllImport</c> may use for it.</summary>
public sealed class NativeLibraryResolverTests
{
    private const string Skia = "/packages/skiasharp.nativeassets.linux.nodependencies/2.88.9/runtimes/linux-x64/native/libSkiaSharp.so";
    private const string Gomp = "/packages/libtorch-cpu-linux-x64/2.5.1/runtimes/linux-x64/native/libgomp.so.1";

    [Theory]
    [InlineData("SkiaSharp", Skia)]
    [InlineData("libSkiaSharp", Skia)]
    [InlineData("libSkiaSharp.so", Skia)]
    [InlineData("/some/where/libSkiaSharp.so", Skia)]
    [InlineData("libgomp.so.1", Gomp)]
    [InlineData("libHarfBuzzSharp", null)]
    [InlineData("gomp", null)]
    public void FindsALibraryByFileNameWithOrWithoutPrefixAndSuffix(string requested, string? expected)
    {
        var resolver = new NativeLibraryResolver();
        resolver.Add([Skia, Gomp]);

        Assert.Equal(expected, resolver.Find(requested));
    }

    [Fact]
    public void FirstRegistrationOfANameWins()
    {
        var resolver = new NativeLibraryResolver();
        resolver.Add([Skia]);
        resolver.Add(["/elsewhere/libSkiaSharp.so"]);

        Assert.Equal(Skia, resolver.Find("SkiaSharp"));
    }
}
