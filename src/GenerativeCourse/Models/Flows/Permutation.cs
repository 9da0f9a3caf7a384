using GenerativeCourse.Data;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// A fixed reordering of the dimensions, z_i = x_{π(i)}, placed between coupling or autoregressive layers so that
/// every dimension gets to condition and to be transformed (Dinh et al. 2017 alternate masks; Papamakarios et al.
/// 2017 reverse the order; Kingma &amp; Dhariwal 2018 use a fixed shuffle). A permutation matrix has determinant
/// ±1, so log |det J| = 0.
/// </summary>
/// <remarks>
/// Shapes: <c>[batch, D]</c> → (<c>[batch, D]</c>, zeros <c>[batch]</c>). The permutation is a persistent buffer
/// (stored as floating point, exact for D below 2^24, so that it follows <c>module.to(dtype)</c> like the masks).
/// </remarks>
public sealed class Permutation : FlowLayer
{
    [ComponentName(Name = "permutation")]
    private readonly Tensor _permutation;

    /// <param name="permutation">π: z_i = x_{π(i)}; every index 0 … D−1 exactly once.</param>
    public Permutation(IReadOnlyList<int> permutation)
        : base(nameof(Permutation))
    {
        ArgumentNullException.ThrowIfNull(permutation);
        if (permutation.Count == 0 || !permutation.Order().SequenceEqual(Enumerable.Range(0, permutation.Count)))
        {
            throw new ArgumentException($"Expected a permutation of 0 … {permutation.Count - 1}.", nameof(permutation));
        }

        Indices = permutation.ToArray();
        _permutation = tensor(Indices.Select(i => (float)i).ToArray());
        register_buffer("permutation", _permutation);
    }

    public int Dimensions => Indices.Count;

    /// <summary>π.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>The reversal π(i) = D − 1 − i of MAF.</summary>
    public static Permutation Reverse(int dimensions) =>
        new(Enumerable.Range(0, dimensions).Reverse().ToArray());

    /// <summary>A uniform random permutation drawn from <paramref name="seed"/> (the same on every machine).</summary>
    public static Permutation Shuffle(int dimensions, ulong seed) => new(new SplitMix64(seed).Permutation(dimensions));

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var z = x.index_select(1, _permutation.to(ScalarType.Int64, x.device));
        var logDet = zeros(x.shape[0], dtype: x.dtype, device: x.device);
        return (z.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var inverse = _permutation.to(ScalarType.Int64, z.device).argsort();    // π⁻¹
        return z.index_select(1, inverse).MoveToOuterDisposeScope();
    }
}
