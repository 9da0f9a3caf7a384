using GenerativeCourse.Probability;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// The exact log partition function of a small <see cref="Rbm"/>, by enumerating the smaller layer and summing the
/// other one out analytically. Feasible while that layer has at most <see cref="MaxEnumeratedUnits"/> units.
/// </summary>
/// <remarks>
/// <para>Over the visible states: Z = Σ_v exp(−F(v)), 2^V free energies.</para>
/// <para>Over the hidden states: the visible units are independent given h, so
/// Σ_v exp(bᵀv + hᵀWv) = Π_i (1 + exp(b_i + W_{:,i}·h)) and
/// <code>log Z = log Σ_h exp( cᵀh + Σ_i softplus(b_i + W_{:,i}·h) ),</code>
/// 2^H terms of cost O(HV) each. With H = 20 that is a million terms, seconds on a CPU, however large V is:
/// the exact likelihood of a 20-hidden-unit digit model is cheap, of a 500-unit one hopeless.</para>
/// <para>All sums are in float64 with a log-sum-exp per chunk of 2^14 states, so the result does not depend on the
/// model's dtype beyond the rounding of its parameters.</para>
/// </remarks>
public static class RbmPartitionFunction
{
    /// <summary>Largest layer <see cref="Exact"/> enumerates: 2^20 ≈ 10⁶ states.</summary>
    public const int MaxEnumeratedUnits = BinaryVectors.MaxDimensions;

    private const int ChunkBits = 14;

    /// <summary>Exact log Z by enumerating whichever layer is smaller.</summary>
    /// <exception cref="ArgumentException">Both layers have more than <see cref="MaxEnumeratedUnits"/> units; use
    /// <see cref="AnnealedImportanceSampling"/>.</exception>
    public static LogPartitionEstimate Exact(Rbm rbm)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        if (Math.Min(rbm.Visible, rbm.Hidden) > MaxEnumeratedUnits)
        {
            throw new ArgumentException(
                $"Exact log Z needs a layer of at most {MaxEnumeratedUnits} units to enumerate; this RBM has V = {rbm.Visible} and H = {rbm.Hidden}. " +
                "Estimate it with AnnealedImportanceSampling.Estimate instead.", nameof(rbm));
        }

        return rbm.Hidden <= rbm.Visible ? OverHidden(rbm) : OverVisible(rbm);
    }

    /// <summary>log Z = log Σ_h exp(cᵀh + Σ_i softplus(b_i + W_{:,i}·h)), over all 2^H hidden states.</summary>
    public static LogPartitionEstimate OverHidden(Rbm rbm)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = rbm.Weights.detach().to_type(ScalarType.Float64);     // [H, V]
        var b = rbm.VisibleBias.detach().to_type(ScalarType.Float64); // [V]
        var c = rbm.HiddenBias.detach().to_type(ScalarType.Float64);  // [H]
        var logZ = SumOverStates(rbm.Hidden, h => h.matmul(c) + nn.functional.softplus(h.matmul(w) + b).sum(1));
        return new LogPartitionEstimate(logZ, logZ, logZ, LogPartitionMethod.ExactOverHidden);
    }

    /// <summary>log Z = log Σ_v exp(−F(v)), over all 2^V visible states.</summary>
    public static LogPartitionEstimate OverVisible(Rbm rbm)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = rbm.Weights.detach().to_type(ScalarType.Float64);
        var b = rbm.VisibleBias.detach().to_type(ScalarType.Float64);
        var c = rbm.HiddenBias.detach().to_type(ScalarType.Float64);
        var logZ = SumOverStates(rbm.Visible, v => v.matmul(b) + nn.functional.softplus(nn.functional.linear(v, w, c)).sum(1));
        return new LogPartitionEstimate(logZ, logZ, logZ, LogPartitionMethod.ExactOverVisible);
    }

    /// <summary>log Σ_s exp(logWeight(s)) over all binary s of length <paramref name="units"/>, chunk by chunk.</summary>
    private static double SumOverStates(int units, Func<Tensor, Tensor> logWeight)
    {
        if (units > MaxEnumeratedUnits)
        {
            throw new ArgumentException($"Cannot enumerate 2^{units} states; at most 2^{MaxEnumeratedUnits}.", nameof(units));
        }

        // The low bits of a state run over one chunk (all 2^low patterns); the high bits are fixed per chunk.
        var low = Math.Min(units, ChunkBits);
        var high = units - low;
        using var lowStates = BinaryVectors.Enumerate(low, ScalarType.Float64); // [2^low, low]
        var chunkLogSums = new List<double>();
        for (long prefix = 0; prefix < 1L << high; prefix++)
        {
            using var scope = NewDisposeScope();
            var highBits = Enumerable.Range(0, high).Select(d => (double)((prefix >> (high - 1 - d)) & 1)).ToArray();
            var states = high == 0
                ? lowStates
                : cat([tensor(highBits, float64).expand(lowStates.shape[0], high), lowStates], 1); // [2^low, units]
            chunkLogSums.Add(LogSpace.LogSumExp(logWeight(states), 0).item<double>());
        }

        using var all = tensor(chunkLogSums.ToArray(), float64);
        using var total = LogSpace.LogSumExp(all, 0);
        return total.item<double>();
    }
}
