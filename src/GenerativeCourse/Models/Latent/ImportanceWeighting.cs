using GenerativeCourse.Probability;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Latent;

/// <summary>
/// The two sampling tricks of latent-variable models: the reparameterised Gaussian draw and the importance-weighted
/// estimate of log p(x) (Burda, Grosse &amp; Salakhutdinov 2016, "Importance Weighted Autoencoders", ICLR):
/// <code>L_k(x) = E[ log (1/k) Σ_i w_i ],  w_i = p(x, z_i) / q(z_i|x),  z_i ~ q(z|x) independently,</code>
/// with ELBO = L_1 ≤ L_k ≤ L_{k+1} ≤ log p(x), and L_k → log p(x) as k → ∞.
/// </summary>
public static class ImportanceWeighting
{
    /// <summary>
    /// z = μ + σ ⊙ ε with ε ~ N(0, I): a draw from N(μ, diag σ²) that is a differentiable function of μ and log σ²
    /// (Kingma &amp; Welling 2014, §2.4), so gradients of E_q[f(z)] flow back into the encoder.
    /// </summary>
    /// <param name="mean">μ, <c>[batch, L]</c>.</param>
    /// <param name="logVariance">log σ², same shape.</param>
    /// <param name="samples">Draws per example; 0 means one draw without the leading dimension.</param>
    /// <param name="generator">Random source of ε; TorchSharp's process-wide generator when null.</param>
    /// <returns><c>[batch, L]</c>, or <c>[samples, batch, L]</c> when <paramref name="samples"/> &gt; 0.</returns>
    public static Tensor Reparameterise(Tensor mean, Tensor logVariance, int samples = 0, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        using var scope = NewDisposeScope();
        long[] shape = samples == 0 ? mean.shape : [samples, .. mean.shape];
        var epsilon = randn(shape, dtype: mean.dtype, device: mean.device, generator: generator);
        return (mean + (0.5 * logVariance).exp() * epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log (1/k) Σ_{i=1..k} w_i from k log-weights that arrive in chunks, so that only one chunk is in memory.
    /// </summary>
    /// <remarks>
    /// A running log-sum-exp: after each chunk, log Σ_{seen} w = log(exp(running) + Σ_chunk w), computed by
    /// <see cref="LogSpace.LogSumExp"/> of the two numbers, which never leaves log space (a weight of e^−100 is a
    /// normal number here). The result equals <see cref="LogSpace.LogMeanExp"/> over all k at once, up to rounding.
    /// </remarks>
    /// <param name="logWeights">Given a count c, returns c fresh log-weights per example, <c>[c, batch]</c>.</param>
    /// <param name="k">Total number of weights per example.</param>
    /// <param name="chunk">Largest count requested at once.</param>
    /// <returns><c>[batch]</c>, in nats.</returns>
    public static Tensor LogMeanExpInChunks(Func<int, Tensor> logWeights, int k, int chunk)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        using var scope = NewDisposeScope();
        Tensor? running = null; // [batch], log Σ w over the chunks so far
        for (var done = 0; done < k;)
        {
            var count = Math.Min(chunk, k - done);
            using var step = NewDisposeScope();
            var chunkSum = LogSpace.LogSumExp(logWeights(count), 0);                 // [batch]
            var next = running is null ? chunkSum : LogSpace.LogSumExp(stack([running, chunkSum]), 0);
            running = next.MoveToOuterDisposeScope();
            done += count;
        }

        return (running! - Math.Log(k)).MoveToOuterDisposeScope();
    }
}
