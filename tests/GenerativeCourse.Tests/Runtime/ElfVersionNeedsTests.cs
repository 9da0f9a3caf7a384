using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Runtime;

public sealed class ElfVersionNeedsTests
{
    private static byte[] ShippedLibrary() =>
        File.ReadAllBytes(TorchSharpNativeFiles.Locate(typeof(torch).Assembly).LibTorchSharp);

    [Fact]
    public void ShippedLibraryNeedsGlibcxx_3_4_32AsARequiredVersion()
    {
        var need = ElfVersionNeeds.Read(ShippedLibrary())
            .Single(n => n.Version == TorchSharpNative.UnusedVersion);

        Assert.Equal(TorchSharpNative.UnusedVersionLibrary, need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void PatchedCopyDiffersFromTheOriginalOnlyInTheWeakFlagOfThatOneNeed()
    {
        var original = ShippedLibrary();
        var patched = ElfVersionNeeds.WithWeakNeed(original, TorchSharpNative.UnusedVersionLibrary, TorchSharpNative.UnusedVersion);

        Assert.Equal(original.Length, patched.Length);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var need = ElfVersionNeeds.Read(original).Single(n => n.Version == TorchSharpNative.UnusedVersion);
        Assert.Equal([need.FlagsOffset], differing.Select(i => (long)i));                 // the low byte of vna_flags
        Assert.Equal(ElfVersionNeeds.WeakFlag, patched[differing[0]] ^ original[differing[0]]);

        var before = ElfVersionNeeds.Read(original);
        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal(before.Count, after.Count);
        Assert.All(before.Zip(after), pair =>
            Assert.Equal(pair.First.Version == TorchSharpNative.UnusedVersion, pair.Second.IsWeak && !pair.First.IsWeak));
    }

    [Fact]
    public void NonElfInputIsRejectedWithTheReason()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("not a library at all, just text"u8.ToArray()));
        Assert.Contains("Not an ELF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedElfIsRejectedAsTruncated()
    {
        var truncated = ShippedLibrary()[..4096];
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(truncated));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AskingToWeakenAVersionTheLibraryDoesNotNeedFails()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            ElfVersionNeeds.WithWeakNeed(ShippedLibrary(), "libstdc++.so.6", "GLIBCXX_9.9.9"));
        Assert.Contains("GLIBCXX_9.9.9", error.Message, StringComparison.Ordinal);
    }
}
