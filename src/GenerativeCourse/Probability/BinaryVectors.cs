using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// Every point of {0,1}^D, for checking a model exactly: if a model's probabilities are right, the
/// 2^D values exp(log p(x)) add up to 1. Feasible for small D only (2^20 ≈ one million rows).
/// </summary>
/// <remarks>
/// Order: row i is the number i written in binary with D digits, most significant digit first, so
/// x_0 is the highest bit. For D = 3 the rows are 000, 001, 010, 011, 100, 101, 110, 111 — row 5 is
/// (1, 0, 1). <see cref="IndexOf"/> is the inverse map, used to count samples per outcome.
/// </remarks>
public static class BinaryVectors
{
    /// <summary>Largest D that <see cref="Enumerate"/> accepts: 2^20 × 20 floats is 80 MB.</summary>
    public const int MaxDimensions = 20;

    /// <summary>All 2^D binary vectors of length D, in the order described on the class.</summary>
    /// <param name="dimensions">D, from 1 to <see cref="MaxDimensions"/>.</param>
    /// <param name="dtype">Element type; float32 unless exact sums need float64.</param>
    /// <param name="device">Device of the result; the CPU by default.</param>
    /// <returns><c>[2^D, D]</c> tensor of zeros and ones.</returns>
    public static Tensor Enumerate(int dimensions, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        if (dimensions is < 1 or > MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions,
                $"D must be between 1 and {MaxDimensions}: the table has 2^D rows.");
        }

        var count = 1L << dimensions;
        var bits = new float[count * dimensions];
        for (var i = 0L; i < count; i++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                bits[(i * dimensions) + d] = (i >> (dimensions - 1 - d)) & 1;
            }
        }

        using var scope = NewDisposeScope();
        return tensor(bits, [count, dimensions]).to(dtype, device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The row of <see cref="Enumerate"/> that equals each vector: Σ_d x_d 2^(D−1−d).
    /// </summary>
    /// <param name="x">Binary vectors, <c>[batch, D]</c>, D ≤ 62, any numeric type.</param>
    /// <returns>Row indices, <c>[batch]</c>, int64.</returns>
    public static Tensor IndexOf(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] > 62)
        {
            throw new ArgumentException($"Expected [batch, D] with D ≤ 62, got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var scope = NewDisposeScope();
        var dimensions = (int)x.shape[1];
        var placeValues = tensor(Enumerable.Range(0, dimensions).Select(d => 1L << (dimensions - 1 - d)).ToArray(), device: x.device);
        return (x.to_type(ScalarType.Int64) * placeValues).sum(1).MoveToOuterDisposeScope();
    }
}
