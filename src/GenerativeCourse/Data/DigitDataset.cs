namespace GenerativeCourse.Data;

/// <summary>
/// All digits of one data source in file order, with their fixed split into <see cref="Train"/>,
/// <see cref="Validation"/> and <see cref="Test"/>: the full MNIST (<see cref="Mnist.Dataset"/>: 70,000 images,
/// 50,000 / 10,000 / 10,000), the 10,000-digit subset (<see cref="MnistDigits.Dataset"/>: 8,000 / 1,000 / 1,000), or
/// the Fashion-MNIST test file behind <see cref="FashionMnist.Test"/> (10,000 test images, empty train and validation sets).
/// Immutable and safe to share between threads.
/// </summary>
public sealed class DigitDataset
{
    private readonly byte[] _labels;
    private readonly byte[] _pixels;
    private readonly Lazy<byte[]> _staticBits;

    /// <summary>The 10,000-digit subset, split by <see cref="SplitOrder"/>.</summary>
    internal DigitDataset(byte[] labels, byte[] pixels, string source)
        : this(labels, pixels, source, SplitOrder(labels.Length))
    {
    }

    /// <summary>Digits with the split given by file positions.</summary>
    internal DigitDataset(byte[] labels, byte[] pixels, string source, int[] train, int[] validation, int[] test, string name = "MNIST")
    {
        _labels = labels;
        _pixels = pixels;
        Source = source;
        Name = name;
        _staticBits = new Lazy<byte[]>(() => StaticBinarization.Binarize(_pixels), LazyThreadSafetyMode.ExecutionAndPublication);
        Train = new DigitSet(this, DigitSplit.Train, train);
        Validation = new DigitSet(this, DigitSplit.Validation, validation);
        Test = new DigitSet(this, DigitSplit.Test, test);
    }

    private DigitDataset(byte[] labels, byte[] pixels, string source, int[] order)
        : this(labels, pixels, source,
            order.AsSpan(0, MnistDigits.TrainCount).ToArray(),
            order.AsSpan(MnistDigits.TrainCount, MnistDigits.ValidationCount).ToArray(),
            order.AsSpan(MnistDigits.TrainCount + MnistDigits.ValidationCount).ToArray(),
            "the 10,000-digit MNIST subset")
    {
    }

    /// <summary>Where the digits came from: the embedded resource or a file path.</summary>
    public string Source { get; }

    /// <summary>What the data are, in words: "MNIST", "the 10,000-digit MNIST subset" or "Fashion-MNIST".</summary>
    public string Name { get; }

    /// <summary>Number of images: 70,000 for the full MNIST, 10,000 for the subset.</summary>
    public int Count => _labels.Length;

    /// <summary>Label (0–9) of every image, in file order.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>Pixel bytes 0–255, <c>[Count, 784]</c> row-major, in file order.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>Static binarization (<see cref="StaticBinarization"/>) of <see cref="Pixels"/>: 0 or 1 per pixel, computed on first use.</summary>
    public ReadOnlySpan<byte> StaticBinaryPixels => _staticBits.Value;

    public DigitSet Train { get; }

    public DigitSet Validation { get; }

    public DigitSet Test { get; }

    public DigitSet this[DigitSplit split] => split switch
    {
        DigitSplit.Train => Train,
        DigitSplit.Validation => Validation,
        DigitSplit.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected Train, Validation or Test."),
    };

    /// <summary>How many images of each digit 0–9 the file holds.</summary>
    public int[] CountPerDigit() => DigitSet.Histogram(_labels);

    /// <summary>
    /// The split rule: a Fisher–Yates permutation of the file positions 0…9,999 drawn with
    /// <see cref="SplitMix64"/> seeded by <see cref="MnistDigits.SplitSeed"/>; its first 8,000 entries are
    /// the training set, the next 1,000 the validation set, the last 1,000 the test set, each kept in
    /// permutation order.
    /// </summary>
    internal static int[] SplitOrder(int count) => new SplitMix64(MnistDigits.SplitSeed).Permutation(count);
}
