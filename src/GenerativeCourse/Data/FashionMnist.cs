namespace GenerativeCourse.Data;

/// <summary>
/// The test split of Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a novel image dataset for benchmarking
/// machine learning algorithms", arXiv:1708.07747, 2017; Zalando Research, MIT licence): 10,000 grey-level 28×28 images
/// of clothing in ten classes (<see cref="ClassNames"/>), 1,000 per class, in MNIST's IDX format. The course ships it
/// as out-of-distribution data for models trained on MNIST (Nalisnick et al., "Do deep generative models know what they
/// don't know?", ICLR 2019), not to train on: the training split is not shipped.
/// </summary>
/// <remarks>
/// <para><b>Type.</b> <see cref="Test"/> is a <see cref="DigitSet"/>, the type of <see cref="Mnist.Test"/>, although its
/// images are not digits: every scoring path of the course (<see cref="Evaluation.Likelihood"/>, <see cref="DigitSet.Images"/>,
/// <see cref="DigitSet.Batches"/>) then takes MNIST and Fashion-MNIST alike, in the same encodings, and a score on it
/// is described as "Fashion-MNIST test split (10,000 images), static binarization (seed 2008)". Its labels are the
/// class indices 0–9; <see cref="DigitSet.CountPerDigit"/> counts images per class.</para>
/// <para><b>Encodings.</b> <see cref="PixelEncoding.Grey"/> (<c>k / 255</c>), <see cref="PixelEncoding.Raw"/> (<c>k</c>)
/// and <see cref="PixelEncoding.StaticBinary"/> as for MNIST. The static binarization is MNIST's rule
/// (<see cref="StaticBinarization"/>, SplitMix64 with seed 2008, <c>P(1) = k/255</c> exactly) applied as one stream over
/// the 10,000 images in file order.</para>
/// <para><b>Source.</b> The Debian package <c>dataset-fashion-mnist</c> 0.0~git20200523.55506a9-1; the files are checked
/// against the SHA-256s of the IDX files in Zalando Research's downloads when read. <c>data/README.md</c> gives provenance
/// and licence; <c>data/tools/make-fashion-mnist.sh</c> rebuilds <c>data/fashion-mnist/</c>.</para>
/// </remarks>
public static class FashionMnist
{
    public const int TestCount = 10_000;

    /// <summary>The folder of the compressed IDX files, from the repository root.</summary>
    public const string Folder = "data/fashion-mnist";

    /// <summary>The command, run from the repository root, that rebuilds <see cref="Folder"/> from the Debian package.</summary>
    public const string RegenerateCommand = "data/tools/make-fashion-mnist.sh";

    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", 7_840_016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", "fashion-mnist");
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", 10_008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", "fashion-mnist");

    /// <summary>The two files of the test split, with the checksums of Zalando Research's originals.</summary>
    public static IReadOnlyList<MnistFile> Files { get; } = [TestImages, TestLabels];

    /// <summary>The name of each class, indexed by label 0–9, as in Xiao et al.'s table.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    internal const string RepairAdvice =
        "To repair it, restore the committed files with `git checkout -- " + Folder + "`, or regenerate them from the Debian package " +
        "dataset-fashion-mnist by running `" + RegenerateCommand + "` from the repository root (needs apt-get and dpkg-deb); then " +
        "rebuild the library, which embeds them.";

    private static readonly CompressedIdxFiles _files = new("Fashion-MNIST", "Zalando Research's", Folder, RepairAdvice);

    private static readonly Lazy<DigitSet> _embedded = new(
        () => Read(file => _files.Embedded(typeof(FashionMnist).Assembly, file), "embedded"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded 10,000 test images, read and verified on first use.</summary>
    /// <exception cref="DataFileException">A file is missing or does not match its SHA-256; the message says which and how to repair it.</exception>
    public static DigitSet Test => _embedded.Value;

    /// <summary>
    /// Reads the test split from <paramref name="folder"/>, each file as <c>&lt;name&gt;.gz</c> (as in <see cref="Folder"/>)
    /// or uncompressed under its canonical name, and checks it. Not cached.
    /// </summary>
    /// <exception cref="DataFileException">A file is missing, unreadable, has another checksum or is not an IDX file of 10,000 images.</exception>
    public static DigitSet Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        return Read(file => _files.InFolder(full, file), $"folder '{full}'");
    }

    private static DigitSet Read(Func<MnistFile, (byte[] Bytes, string Source)> open, string origin)
    {
        var images = open(TestImages);
        var labels = open(TestLabels);
        var dataset = new DigitDataset(
            IdxFile.ReadLabels(labels.Bytes, labels.Source, TestCount).ToArray(),
            IdxFile.ReadImages(images.Bytes, images.Source, TestCount).ToArray(),
            $"Fashion-MNIST ({origin}: {Folder})",
            train: [], validation: [], test: Enumerable.Range(0, TestCount).ToArray(),
            name: "Fashion-MNIST");
        return dataset.Test;
    }
}
