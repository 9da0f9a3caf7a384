using System.Security.Cryptography;
using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;

namespace GenerativeCourse.Tests.Data;

/// <summary>
/// The Fashion-MNIST test split as the course ships it: Zalando Research's files byte for byte, 1,000 images per class,
/// MNIST's encodings, and loader errors that say which file is wrong and how to repair it. The expected counts, first
/// labels and pixel sum were computed from the decompressed IDX files by an independent Python decoder.
/// </summary>
public sealed class FashionMnistTests
{
    public FashionMnistTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TheCommittedFilesDecompressToZalandoResearchsOriginals()
    {
        foreach (var file in FashionMnist.Files)
        {
            var plain = RepositoryFiles.Gunzip(Path.Combine(RepositoryFiles.Root, FashionMnist.Folder, file.StoredName));
            Assert.Equal((file.Length, file.Sha256), (plain.LongLength, Convert.ToHexStringLower(SHA256.HashData(plain))));
        }
    }

    [Fact]
    public void TheReadmeRecordsEveryChecksum()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "data", "README.md"));
        Assert.All(FashionMnist.Files, file => Assert.Contains(file.Sha256, readme, StringComparison.Ordinal));
    }

    [Fact]
    public void TheTestSplitHoldsTenThousandImagesOneThousandPerClass()
    {
        var test = FashionMnist.Test;

        Assert.Equal((10_000, DigitSplit.Test, "Fashion-MNIST"), (test.Count, test.Split, test.DataName));
        Assert.Equal(Enumerable.Repeat(1_000, 10), test.CountPerDigit());
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], test.Labels[..10].ToArray());
        Assert.Equal((0, 9_999), (test.SourceIndices[0], test.SourceIndices[^1]));
        Assert.Equal(573_469_082L, test.RawPixels.ToArray().Sum(b => (long)b));
        Assert.Equal(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], FashionMnist.ClassNames);
    }

    [Fact]
    public void TheImagesComeInMnistsShapesAndEncodings()
    {
        var test = FashionMnist.Test;
        using var grey = test.Images();
        using var raw = test.Images(PixelEncoding.Raw);
        using var bits = test.Images(PixelEncoding.StaticBinary, asImages: true);

        Assert.Equal([10_000L, 784], grey.shape);
        Assert.Equal([10_000L, 1, 28, 28], bits.shape);
        // Grey is Raw / 255 exactly (the same float division); Raw holds the bytes 0–255 themselves.
        Assert.Equal(0.0, (grey - (raw / 255f)).abs().max().item<float>());
        Assert.Equal(255f, raw.max().item<float>());
        // The static binarization is MNIST's rule with seed 2008, one stream over the 10,000 images in file order: count and
        // SHA-256 of the 7,840,000 bits (one byte each) from an independent Python SplitMix64 + Lemire implementation.
        var staticBits = test.StaticBinary.ToArray().Select(b => (byte)b).ToArray();
        Assert.Equal(2_249_618, staticBits.Count(b => b == 1));
        Assert.Equal("2655959fb80b7795fa4f3177cea7c3859b74e335ddc69df33011dbfd65025dda", Convert.ToHexStringLower(SHA256.HashData(staticBits)));
        Assert.Equal(1f, bits.sum().item<float>() / 2_249_618f);
        Assert.Equal("Fashion-MNIST test split (10,000 images), static binarization (seed 2008)", Likelihood.Describe(test));
    }

    [Fact]
    public void AChangedFileIsRefusedWithBothChecksumsAndTheWayToRepairIt()
    {
        using var folder = CopyOfTheData();
        var labels = RepositoryFiles.Gunzip(folder.File(FashionMnist.TestLabels.StoredName));
        labels[8] ^= 1;  // the first label, 9 (Ankle boot), becomes 8 (Bag)
        File.Delete(folder.File(FashionMnist.TestLabels.StoredName));
        File.WriteAllBytes(folder.File(FashionMnist.TestLabels.Name), labels);

        var error = Assert.Throws<DataFileException>(() => FashionMnist.Load(folder.Path));

        Assert.Contains($"The Fashion-MNIST file '{folder.File("t10k-labels-idx1-ubyte")}' is not Zalando Research's t10k-labels-idx1-ubyte: " +
            $"expected 10,008 bytes with SHA-256 {FashionMnist.TestLabels.Sha256}, found 10,008 bytes with SHA-256 {Convert.ToHexStringLower(SHA256.HashData(labels))}",
            error.Message, StringComparison.Ordinal);
        Assert.Contains($"`git checkout -- data/fashion-mnist`", error.Message, StringComparison.Ordinal);
        Assert.Contains(FashionMnist.RegenerateCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACorruptedCompressedCopyIsRefused()
    {
        using var folder = CopyOfTheData();
        var path = folder.File(FashionMnist.TestImages.StoredName);
        var compressed = File.ReadAllBytes(path);
        compressed[compressed.Length / 2] ^= 0xFF;  // one byte in the middle of the deflate stream
        File.WriteAllBytes(path, compressed);

        var error = Assert.Throws<DataFileException>(() => FashionMnist.Load(folder.Path));

        // Depending on where the flip lands, deflate refuses the stream or decodes other bytes; both are named.
        Assert.StartsWith($"The Fashion-MNIST file '{path}' is not ", error.Message, StringComparison.Ordinal);
        Assert.Contains(FashionMnist.RegenerateCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        using var folder = CopyOfTheData();
        File.Delete(folder.File(FashionMnist.TestImages.StoredName));

        var error = Assert.Throws<DataFileException>(() => FashionMnist.Load(folder.Path));

        Assert.StartsWith($"The Fashion-MNIST file t10k-images-idx3-ubyte is missing: expected '{folder.File("t10k-images-idx3-ubyte.gz")}' (gzip) or " +
            $"'{folder.File("t10k-images-idx3-ubyte")}', found neither.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACopyOfTheCommittedFilesLoadsTheSameImages()
    {
        using var folder = CopyOfTheData();

        var loaded = FashionMnist.Load(folder.Path);

        Assert.True(loaded.RawPixels.SequenceEqual(FashionMnist.Test.RawPixels));
        Assert.True(loaded.Labels.SequenceEqual(FashionMnist.Test.Labels));
    }

    private static TempFolder CopyOfTheData() => RepositoryFiles.CopyOf(FashionMnist.Folder, FashionMnist.Files);
}
