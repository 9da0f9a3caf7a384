using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// Annealed importance sampling (Neal 2001) of an RBM's log partition function, in the form of Salakhutdinov &amp;
/// Murray (2008, "On the Quantitative Analysis of Deep Belief Networks", ICML): anneal from a base-rate model A —
/// visible biases b_A, the same H hidden units with zero weights and biases, so independent pixels and
/// Z_A = 2^H Π_i (1 + e^{b_A,i}) — to the RBM B through the intermediate distributions
/// <code>log p*_β(v) = (1 − β) b_Aᵀv + β bᵀv + Σ_j softplus(β (c_j + W_j·v)),    0 = β_0 &lt; β_1 &lt; … &lt; β_K = 1.</code>
/// </summary>
/// <remarks>
/// <para>Each run draws v_1 ~ p_A, then alternates "weight" and "move": it adds log p*_k(v_k) − log p*_{k−1}(v_k)
/// to its log-weight and takes one Gibbs step v_{k+1} ~ T_k(· | v_k) that leaves p_k invariant
/// (h ~ σ(β_k(c + Wv)), v ~ σ((1 − β_k) b_A + β_k (b + Wᵀh))). The weight w of a run satisfies E[w] = Z_B / Z_A
/// exactly, whatever the schedule, so Ẑ_B = Z_A · mean(w) is an <b>unbiased</b> estimate of Z_B. Its logarithm is
/// not: by Jensen, E[log Ẑ_B] ≤ log Z_B, and by Markov's inequality P(log Ẑ_B &gt; log Z_B + t) ≤ e^{−t}. AIS is
/// therefore a stochastic <b>lower</b> bound on log Z, and the log-likelihood −F(v) − log Ẑ built on it tends to
/// be <b>over</b>-estimated — too optimistic — when the schedule is too short or the runs too few.</para>
/// <para>Cost: two [runs, V] × [V, H] matrix products per temperature. The increments of the log-weight are
/// summed in float64, each computed as one elementwise difference so that no large sums cancel.</para>
/// <para>Schedule (<see cref="Schedule"/>): like the paper's 14,500 temperatures — 500 uniformly spaced in
/// [0, 0.5], 4,000 in [0.5, 0.9] and 10,000 in [0.9, 1] — scaled to any K: the distributions change fastest near
/// β = 1, where the weights W take over from the base rates.</para>
/// </remarks>
public static class AnnealedImportanceSampling
{
    /// <summary>
    /// Visible biases of the base-rate model: the log-odds of each pixel's frequency in <paramref name="data"/>,
    /// smoothed as (count + 1) / (n + 2) so no bias is infinite. The closer p_A is to the data, the closer to p_B
    /// the annealing starts.
    /// </summary>
    /// <param name="data">Binary training examples, <c>[n, V]</c>.</param>
    /// <returns><c>[V]</c>, float32.</returns>
    public static Tensor BaseRateBias(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = NewDisposeScope();
        var n = data.shape[0];
        var p = (data.to_type(ScalarType.Float64).sum([0]) + 1) / (n + 2);
        return (p.log() - (1 - p).log()).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>β_0 = 0, …, β_K = 1 with K = <paramref name="temperatures"/> in the paper's proportions (see remarks).</summary>
    /// <param name="temperatures">K ≥ 3, the number of steps from A to B.</param>
    public static double[] Schedule(int temperatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(temperatures, 3);
        var first = Math.Max(1, (int)Math.Round(temperatures * 500.0 / 14_500));
        var second = Math.Max(1, (int)Math.Round(temperatures * 4_000.0 / 14_500));
        var third = temperatures - first - second;
        var betas = new List<double> { 0 };
        void Piece(double from, double to, int count)
        {
            for (var i = 1; i <= count; i++)
            {
                betas.Add(from + ((to - from) * i / count));
            }
        }

        Piece(0, 0.5, first);
        Piece(0.5, 0.9, second);
        Piece(0.9, 1, third);
        betas[^1] = 1;
        return betas.ToArray();
    }

    /// <summary>
    /// Estimates log Z of <paramref name="rbm"/> with <paramref name="runs"/> independent AIS runs over the
    /// <see cref="Schedule"/> of <paramref name="temperatures"/> steps.
    /// </summary>
    /// <param name="rbm">The model B.</param>
    /// <param name="baseVisibleBias">b_A, <c>[V]</c>, usually <see cref="BaseRateBias"/> of the training data.</param>
    /// <param name="runs">Independent runs M (Salakhutdinov &amp; Murray use 100).</param>
    /// <param name="temperatures">K intermediate steps (the paper: 14,500).</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    /// <returns>log Ẑ with its ±3σ̂ interval (see <see cref="LogPartitionEstimate"/>).</returns>
    public static LogPartitionEstimate Estimate(Rbm rbm, Tensor baseVisibleBias, int runs = 100, int temperatures = 10_000, torch.Generator? generator = null)
    {
        var logWeights = LogWeights(rbm, baseVisibleBias, runs, temperatures, generator);
        return Summarise(logWeights, LogPartitionOfBase(baseVisibleBias, rbm.Hidden), temperatures);
    }

    /// <summary>
    /// log Z_A = H log 2 + Σ_i softplus(b_A,i) of the base-rate model: its H hidden units are disconnected fair
    /// coins, each doubling Z (they are what the β = 0 end of the intermediate distributions contains).
    /// </summary>
    public static double LogPartitionOfBase(Tensor baseVisibleBias, int hidden)
    {
        ArgumentNullException.ThrowIfNull(baseVisibleBias);
        using var scope = NewDisposeScope();
        return (hidden * Math.Log(2)) + nn.functional.softplus(baseVisibleBias.to_type(ScalarType.Float64)).sum().item<double>();
    }

    /// <summary>The log-weights log w_m of the runs, log(Z_B/Z_A) in expectation of w, <c>double[runs]</c>.</summary>
    public static double[] LogWeights(Rbm rbm, Tensor baseVisibleBias, int runs, int temperatures, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(baseVisibleBias);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var betas = Schedule(temperatures);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = rbm.Weights.detach();                                         // [H, V]
        var b = rbm.VisibleBias.detach();                                     // [V]
        var c = rbm.HiddenBias.detach();                                      // [H]
        var bA = baseVisibleBias.to(w.dtype, w.device);                       // [V]
        var logWeight = zeros(runs, dtype: ScalarType.Float64, device: w.device);
        var v = bernoulli(sigmoid(bA).expand(runs, rbm.Visible), generator);  // v_1 ~ p_A, [runs, V]
        for (var k = 1; k < betas.Length; k++)
        {
            using var step = NewDisposeScope();
            double beta = betas[k], previous = betas[k - 1];
            var x = nn.functional.linear(v, w, c);                            // c + Wv, [runs, H]
            var increment = ((beta - previous) * (v.matmul(b - bA)))
                + (nn.functional.softplus(beta * x) - nn.functional.softplus(previous * x)).sum(1);
            logWeight.add_(increment.to_type(ScalarType.Float64));
            if (k < betas.Length - 1)
            {
                var h = bernoulli(sigmoid(beta * x), generator);              // [runs, H]
                v.copy_(bernoulli(sigmoid(((1 - beta) * bA) + (beta * (h.matmul(w) + b))), generator)); // in place: memory stays flat over K
            }
        }

        return logWeight.cpu().data<double>().ToArray();
    }

    /// <summary>log Ẑ = log Z_A + log mean(w) and the ±3σ̂ interval of Ẑ, from the runs' log-weights.</summary>
    public static LogPartitionEstimate Summarise(double[] logWeights, double logPartitionOfBase, int temperatures)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        ArgumentOutOfRangeException.ThrowIfLessThan(logWeights.Length, 1, nameof(logWeights));
        // Scale by the largest weight: exp(log w − max) ≤ 1 cannot overflow, and its mean is at least 1/M.
        var max = logWeights.Max();
        var scaled = logWeights.Select(l => Math.Exp(l - max)).ToArray();
        var mean = scaled.Average();
        var m = scaled.Length;
        var standardError = m > 1 ? Math.Sqrt(scaled.Sum(s => (s - mean) * (s - mean)) / (m - 1) / m) : 0;
        var offset = logPartitionOfBase + max;
        var lower = mean - (3 * standardError) > 0 ? offset + Math.Log(mean - (3 * standardError)) : double.NegativeInfinity;
        return new LogPartitionEstimate(offset + Math.Log(mean), lower, offset + Math.Log(mean + (3 * standardError)),
            LogPartitionMethod.AnnealedImportanceSampling, m, temperatures);
    }
}
