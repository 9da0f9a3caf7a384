using GenerativeCourse.Data;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>One connectivity of a MADE network: a generation order and the degree of every hidden unit.</summary>
/// <param name="Ordering"><c>Ordering[i]</c> is the variable produced i-th.</param>
/// <param name="HiddenDegrees">m^l(k) for each hidden layer l and unit k, in 1 … D−1 (1 … D when D = 1).</param>
public sealed record MadeConnectivity(IReadOnlyList<int> Ordering, IReadOnlyList<int[]> HiddenDegrees);

/// <summary>
/// The masks of MADE (Germain, Gregor, Murray &amp; Larochelle 2015, "MADE: Masked Autoencoder for Distribution
/// Estimation", ICML, §4). Every unit gets a degree m: input v has m^0(v) = its position in the ordering
/// (1 … D), hidden unit k of layer l has m^l(k) drawn uniformly from [min_k' m^{l−1}(k'), D − 1]. Then
/// <code>M^l[k, k'] = 1 if m^l(k) ≥ m^{l−1}(k'),   M^out[v, k] = 1 if m^0(v) &gt; m^L(k)</code>
/// so a hidden unit of degree m sees only the first m inputs of the ordering, and output v sees only units that
/// see strictly earlier inputs: the network is autoregressive whatever its weights.
/// </summary>
/// <remarks>
/// Degrees are drawn with <see cref="SplitMix64"/> from a seed, so a mask is the same on every machine and can
/// be rebuilt from its seed alone (the ensemble of <see cref="Made"/> is reproducible). A hidden unit's degree is
/// at most D − 1 because a unit of degree D could only feed outputs of degree &gt; D, of which there are none.
/// </remarks>
public static class MadeMasks
{
    /// <summary>Draws an ordering (natural or a uniform permutation) and hidden degrees from <paramref name="seed"/>.</summary>
    /// <param name="dimensions">D.</param>
    /// <param name="hiddenSizes">Units per hidden layer; may be empty (then the masks give an FVSBN).</param>
    /// <param name="randomOrdering">Shuffle the generation order; otherwise 0, 1, …, D−1.</param>
    /// <param name="seed">Seed of the <see cref="SplitMix64"/> stream.</param>
    public static MadeConnectivity Draw(int dimensions, IReadOnlyList<int> hiddenSizes, bool randomOrdering, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var random = new SplitMix64(seed);
        var ordering = randomOrdering ? random.Permutation(dimensions) : Enumerable.Range(0, dimensions).ToArray();
        var degrees = new List<int[]>();
        var lower = 1; // the smallest degree of the layer below; inputs have degrees 1 … D
        foreach (var size in hiddenSizes)
        {
            var upper = Math.Max(dimensions - 1, lower);
            var layer = new int[size];
            for (var k = 0; k < size; k++)
            {
                layer[k] = lower + (int)random.NextBelow((ulong)(upper - lower + 1));
            }

            degrees.Add(layer);
            lower = size > 0 ? layer.Min() : lower;
        }

        return new MadeConnectivity(ordering, degrees);
    }

    /// <summary>m^0(v), the 1-based position of each variable in the ordering, <c>[D]</c>.</summary>
    public static int[] InputDegrees(IReadOnlyList<int> ordering) => Orderings.Positions(ordering).Select(i => i + 1).ToArray();

    /// <summary>
    /// The 0/1 masks of every layer, input to output: <c>[H_1, D]</c>, <c>[H_2, H_1]</c>, …, <c>[D, H_L]</c>
    /// (float32, on the CPU; the caller owns them).
    /// </summary>
    public static Tensor[] Masks(MadeConnectivity connectivity)
    {
        ArgumentNullException.ThrowIfNull(connectivity);
        var input = InputDegrees(connectivity.Ordering);
        var masks = new List<Tensor>();
        var below = input;
        foreach (var layer in connectivity.HiddenDegrees)
        {
            masks.Add(Build(layer, below, (unit, source) => unit >= source));
            below = layer;
        }

        masks.Add(Build(input, below, (output, source) => output > source));
        return [.. masks];
    }

    /// <summary>connected(rows[r], columns[c]) for every pair, as one broadcast comparison of the degree vectors.</summary>
    private static Tensor Build(int[] rows, int[] columns, Func<Tensor, Tensor, Tensor> connected)
    {
        using var scope = NewDisposeScope();
        var rowDegrees = tensor(rows).unsqueeze(1);       // [rows, 1]
        var columnDegrees = tensor(columns).unsqueeze(0); // [1, columns]
        return connected(rowDegrees, columnDegrees).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
