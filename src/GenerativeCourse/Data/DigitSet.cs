using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// One part of the fixed split (<see cref="DigitSplit"/>): its images and labels stored contiguously
/// in split order, the pixel encodings of <see cref="PixelEncoding"/>, whole-set tensors and
/// shuffled mini-batches. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Tensors returned by <see cref="Images"/>, <see cref="LabelTensor"/> and the batches are new
/// tensors owned by the caller: dispose them, or create them inside a <c>torch.NewDisposeScope()</c>.
/// They never share memory with this object, so changing them in place changes nothing here.
/// </remarks>
public sealed class DigitSet
{
    private readonly DigitDataset _dataset;
    private readonly int[] _sourceIndices;
    private readonly byte[] _labels;
    private readonly byte[] _pixels;
    private readonly Lazy<float[]> _grey;
    private readonly Lazy<float[]> _staticBinary;
    private readonly Lazy<float[]> _raw;

    internal DigitSet(DigitDataset dataset, DigitSplit split, int[] sourceIndices)
    {
        _dataset = dataset;
        Split = split;
        _sourceIndices = sourceIndices;
        _labels = new byte[sourceIndices.Length];
        _pixels = new byte[sourceIndices.Length * MnistDigits.PixelsPerImage];
        for (var i = 0; i < sourceIndices.Length; i++)
        {
            _labels[i] = dataset.Labels[sourceIndices[i]];
            dataset.Pixels.Slice(sourceIndices[i] * MnistDigits.PixelsPerImage, MnistDigits.PixelsPerImage)
                .CopyTo(_pixels.AsSpan(i * MnistDigits.PixelsPerImage));
        }

        // Float copies are made on first use: 25 MB each for the training set.
        const LazyThreadSafetyMode once = LazyThreadSafetyMode.ExecutionAndPublication;
        _grey = new Lazy<float[]>(() => Convert(_pixels, 255f), once);
        _raw = new Lazy<float[]>(() => Convert(_pixels, 1f), once);
        _staticBinary = new Lazy<float[]>(() => Convert(GatherStaticBits(), 1f), once);
    }

    public DigitSplit Split { get; }

    /// <summary>The data source's name: "MNIST", "the 10,000-digit MNIST subset" or "Fashion-MNIST".</summary>
    public string DataName => _dataset.Name;

    /// <summary>Number of images: 50,000, 10,000 or 10,000 for the full MNIST; 8,000, 1,000 or 1,000 for the subset.</summary>
    public int Count => _labels.Length;

    /// <summary>Position in the data source's file order of each image of this set, in set order.</summary>
    public ReadOnlySpan<int> SourceIndices => _sourceIndices;

    /// <summary>Label 0–9 of each image: the digit, or Fashion-MNIST's class (<see cref="FashionMnist.ClassNames"/>).</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>Pixel bytes 0–255, <c>[Count, 784]</c> row-major.</summary>
    public ReadOnlySpan<byte> RawPixels => _pixels;

    /// <summary>Grey levels <c>k / 255</c>, <c>[Count, 784]</c> row-major.</summary>
    public ReadOnlySpan<float> Grey => _grey.Value;

    /// <summary>The static binarization (<see cref="StaticBinarization"/>) as 0f or 1f, <c>[Count, 784]</c> row-major.</summary>
    public ReadOnlySpan<float> StaticBinary => _staticBinary.Value;

    /// <summary>How many images of each digit 0–9 this set holds.</summary>
    public int[] CountPerDigit() => Histogram(_labels);

    /// <summary>
    /// All images as one float32 tensor <c>[Count, 784]</c>, or <c>[Count, 1, 28, 28]</c> when
    /// <paramref name="asImages"/>. For <see cref="PixelEncoding.DynamicBinary"/> every call draws anew
    /// from <paramref name="generator"/> (TorchSharp's default generator when null). Caller owns the tensor.
    /// </summary>
    public Tensor Images(PixelEncoding encoding = PixelEncoding.Grey, bool asImages = false, Generator? generator = null) =>
        ToTensor(Values(encoding), Count, encoding, asImages, generator);

    /// <summary>All labels as an int64 tensor <c>[Count]</c>. Caller owns the tensor.</summary>
    public Tensor LabelTensor()
    {
        var labels = new long[Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = _labels[i];
        }

        return Copy(labels, labels.Length, [labels.Length]);
    }

    /// <summary>
    /// Mini-batches over this set; each enumeration of the result is one epoch. See <see cref="DigitBatches"/>.
    /// </summary>
    /// <param name="batchSize">Images per batch; the last batch of an epoch is smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="encoding">Pixel encoding of the images.</param>
    /// <param name="shuffle">A new random order every epoch (<c>torch.randperm</c>); otherwise set order.</param>
    /// <param name="generator">Source of the shuffles and dynamic binarizations; TorchSharp's default generator when null.</param>
    /// <param name="dropLast">Skip the final incomplete batch.</param>
    /// <param name="asImages">Images shaped <c>[batch, 1, 28, 28]</c> instead of <c>[batch, 784]</c>.</param>
    public DigitBatches Batches(
        int batchSize,
        PixelEncoding encoding = PixelEncoding.Grey,
        bool shuffle = true,
        Generator? generator = null,
        bool dropLast = false,
        bool asImages = false) =>
        new(this, batchSize, encoding, shuffle, generator, dropLast, asImages);

    /// <summary>
    /// The images at <paramref name="positions"/> (set positions) as one float32 tensor, gathered row by
    /// row into <paramref name="buffer"/> (at least <c>positions.Length × 784</c> floats, reused between batches).
    /// </summary>
    internal Tensor ImageTensorAt(ReadOnlySpan<int> positions, PixelEncoding encoding, bool asImages, Generator? generator, float[] buffer)
    {
        const int d = MnistDigits.PixelsPerImage;
        var values = Values(encoding);
        for (var i = 0; i < positions.Length; i++)
        {
            values.AsSpan(positions[i] * d, d).CopyTo(buffer.AsSpan(i * d, d));
        }

        return ToTensor(buffer, positions.Length, encoding, asImages, generator);
    }

    /// <summary>The labels at <paramref name="positions"/> as an int64 tensor, via <paramref name="buffer"/>.</summary>
    internal Tensor LabelTensorAt(ReadOnlySpan<int> positions, long[] buffer)
    {
        for (var i = 0; i < positions.Length; i++)
        {
            buffer[i] = _labels[positions[i]];
        }

        return Copy(buffer, positions.Length, [positions.Length]);
    }

    internal static int[] Histogram(ReadOnlySpan<byte> labels)
    {
        var counts = new int[10];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    private float[] Values(PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.Grey or PixelEncoding.DynamicBinary => _grey.Value,
        PixelEncoding.StaticBinary => _staticBinary.Value,
        PixelEncoding.Raw => _raw.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown pixel encoding."),
    };

    /// <summary>The first <paramref name="count"/> images of <paramref name="values"/> as a new tensor (Bernoulli draws for dynamic binarization).</summary>
    private static Tensor ToTensor(float[] values, int count, PixelEncoding encoding, bool asImages, Generator? generator)
    {
        long[] shape = asImages
            ? [count, 1, MnistDigits.Rows, MnistDigits.Columns]
            : [count, MnistDigits.PixelsPerImage];
        if (encoding != PixelEncoding.DynamicBinary)
        {
            return Copy(values, count * MnistDigits.PixelsPerImage, shape);
        }

        using var view = torch.frombuffer(values, ScalarType.Float32, count * MnistDigits.PixelsPerImage);
        using var shaped = view.view(shape);
        return torch.bernoulli(shaped, generator);
    }

    /// <summary>
    /// A new tensor holding a copy of <c>array[..length]</c>. <c>torch.frombuffer</c> wraps the managed
    /// array without copying (pinned while the view lives) and <c>clone</c> copies it natively in one
    /// block: about 40 times faster than <c>torch.tensor(array)</c> for a 128 × 784 batch (measured on TorchSharp 0.107).
    /// </summary>
    private static Tensor Copy(Array array, long length, long[] shape)
    {
        var dtype = array is long[] ? ScalarType.Int64 : ScalarType.Float32;
        using var view = torch.frombuffer(array, dtype, length);
        using var shaped = view.view(shape);
        return shaped.clone();
    }

    private byte[] GatherStaticBits()
    {
        const int d = MnistDigits.PixelsPerImage;
        var all = _dataset.StaticBinaryPixels;
        var bits = new byte[_pixels.Length];
        for (var i = 0; i < _sourceIndices.Length; i++)
        {
            all.Slice(_sourceIndices[i] * d, d).CopyTo(bits.AsSpan(i * d, d));
        }

        return bits;
    }

    private static float[] Convert(byte[] bytes, float divisor)
    {
        var values = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            values[i] = bytes[i] / divisor;
        }

        return values;
    }
}
