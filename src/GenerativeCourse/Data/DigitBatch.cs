using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// One mini-batch of digits. The caller owns it: <see cref="Dispose"/> frees both tensors.
/// </summary>
public sealed class DigitBatch : IDisposable
{
    private readonly int[] _indices;

    internal DigitBatch(Tensor images, Tensor labels, int[] indices)
    {
        Images = images;
        Labels = labels;
        _indices = indices;
    }

    /// <summary>float32 <c>[batch, 784]</c>, or <c>[batch, 1, 28, 28]</c> when the batches were made with <c>asImages</c>.</summary>
    public Tensor Images { get; }

    /// <summary>int64 <c>[batch]</c>, digits 0–9.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of images in this batch.</summary>
    public int Size => _indices.Length;

    /// <summary>Position in the <see cref="DigitSet"/> of each image of the batch.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
