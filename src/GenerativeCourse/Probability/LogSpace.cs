using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// Sums and means of probabilities that are stored as logarithms. Likelihoods of whole images are
/// around e^−100 and below, far under the smallest float, so every model keeps log-probabilities (in
/// nats) and combines them with these two functions.
/// </summary>
public static class LogSpace
{
    /// <summary>
    /// log Σ_i exp(a_i) along <paramref name="dim"/>, computed as m + log Σ_i exp(a_i − m) with
    /// m = max_i a_i.
    /// </summary>
    /// <remarks>
    /// Subtracting the maximum makes the largest term exp(0) = 1: nothing overflows (exp(1000) is ∞ even
    /// in float64), and the sum is at least 1, so its logarithm never sees 0. When every a_i is −∞ the
    /// result is −∞ (the log of an empty sum), not NaN. The maximum is treated as a constant for
    /// gradients: the terms it adds and subtracts cancel, and the gradient is softmax(a) as it should be.
    /// </remarks>
    /// <param name="a">Values in log space (for example log-probabilities in nats).</param>
    /// <param name="dim">Dimension to reduce.</param>
    /// <param name="keepDim">Keep the reduced dimension with size 1.</param>
    public static Tensor LogSumExp(Tensor a, long dim, bool keepDim = false)
    {
        using var scope = NewDisposeScope();
        var max = a.amax([dim], keepdim: true).detach();
        // An all −∞ (or +∞) slice has a non-finite maximum; shifting by it would give ∞ − ∞ = NaN.
        var shift = where(max.isfinite(), max, zeros_like(max));
        var result = (a - shift).exp().sum(dim, keepdim: true).log() + shift;
        return (keepDim ? result : result.squeeze(dim)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log( (1/n) Σ_i exp(a_i) ) along <paramref name="dim"/>, i.e. <see cref="LogSumExp"/> − log n.
    /// The importance-weighted bound of a VAE is the log-mean-exp of k log-weights.
    /// </summary>
    /// <param name="a">Values in log space.</param>
    /// <param name="dim">Dimension to reduce; its size is n.</param>
    /// <param name="keepDim">Keep the reduced dimension with size 1.</param>
    public static Tensor LogMeanExp(Tensor a, long dim, bool keepDim = false)
    {
        using var scope = NewDisposeScope();
        var n = a.shape[dim < 0 ? dim + a.dim() : dim];
        return (LogSumExp(a, dim, keepDim) - Math.Log(n)).MoveToOuterDisposeScope();
    }
}
