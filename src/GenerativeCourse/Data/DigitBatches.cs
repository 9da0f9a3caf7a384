using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// Mini-batches over a <see cref="DigitSet"/>: every enumeration (<c>foreach</c>) is one epoch that
/// visits each image exactly once, in a new random order when shuffling, with new Bernoulli draws
/// for <see cref="PixelEncoding.DynamicBinary"/>. Made by <see cref="DigitSet.Batches"/>.
/// </summary>
/// <remarks>
/// <para>Randomness comes from the generator given to <see cref="DigitSet.Batches"/> (TorchSharp's
/// default generator when none): the shuffle of an epoch is drawn when its enumeration starts, the
/// binarization of a batch when the batch is made. A generator seeded the same way therefore replays
/// the same epochs.</para>
/// <para>Ownership: each <see cref="DigitBatch"/> belongs to the caller. Its tensors are created while
/// the enumerator advances, before the loop body runs, so a dispose scope opened inside the body does
/// not own them; write <c>foreach (var batch in batches) { using (batch) { … } }</c>, or open the dispose
/// scope around the whole loop.</para>
/// </remarks>
public sealed class DigitBatches : IEnumerable<DigitBatch>
{
    private readonly DigitSet _set;
    private readonly Generator? _generator;

    internal DigitBatches(DigitSet set, int batchSize, PixelEncoding encoding, bool shuffle, Generator? generator, bool dropLast, bool asImages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (dropLast && batchSize > set.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"With dropLast, a batch size above the set's {set.Count} images gives no batches.");
        }

        _set = set;
        _generator = generator;
        BatchSize = batchSize;
        Encoding = encoding;
        Shuffle = shuffle;
        DropLast = dropLast;
        AsImages = asImages;
    }

    public int BatchSize { get; }

    public PixelEncoding Encoding { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    public bool AsImages { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count => DropLast ? _set.Count / BatchSize : (_set.Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts an epoch.</summary>
    public IEnumerator<DigitBatch> GetEnumerator()
    {
        var order = Order();
        // One staging buffer per epoch: rows are gathered into it, then copied to a tensor in one block.
        var imageBuffer = new float[BatchSize * MnistDigits.PixelsPerImage];
        var labelBuffer = new long[BatchSize];
        for (var start = 0; start < Count * BatchSize && start < order.Length; start += BatchSize)
        {
            var positions = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var images = _set.ImageTensorAt(positions, Encoding, AsImages, _generator, imageBuffer);
            var labels = _set.LabelTensorAt(positions, labelBuffer);
            yield return new DigitBatch(images, labels, positions);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int[] Order()
    {
        if (!Shuffle)
        {
            return Enumerable.Range(0, _set.Count).ToArray();
        }

        using var permutation = torch.randperm(_set.Count, ScalarType.Int64, generator: _generator);
        return permutation.data<long>().Select(i => (int)i).ToArray();
    }
}
