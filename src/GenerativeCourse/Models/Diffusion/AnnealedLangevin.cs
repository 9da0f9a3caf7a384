using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// Langevin dynamics driven by a score (Roberts &amp; Tweedie 1996; Welling &amp; Teh 2011) and its annealed form
/// (Song &amp; Ermon 2019, algorithm 1). One unadjusted Langevin step of size ε is
/// <code>x ← x + (ε/2) ∇ log p(x) + √ε z,   z ~ N(0, I),</code>
/// whose chain samples p as ε → 0 and the number of steps → ∞ (for finite ε the stationary law is off by O(ε)). Annealed
/// Langevin runs it at noise levels σ_1 &gt; … &gt; σ_L with the score of p_σ and the step α_i = ε σ_i²/σ_L², so the
/// chain first mixes between modes in the smoothed density and then sharpens into the data; it gets the modes' weights
/// right where plain Langevin, stuck in the mode it starts near, does not.
/// </summary>
/// <remarks>Shapes: x <c>[n, D]</c>; scores <c>[n, D]</c>; runs without gradients.</remarks>
public static class AnnealedLangevin
{
    /// <summary>One Langevin step x + (ε/2) s(x) + √ε z, <c>[n, D]</c>.</summary>
    public static Tensor Step(Tensor x, Tensor score, double stepSize, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(score);
        using var scope = NewDisposeScope();
        var z = randn(x.shape, dtype: x.dtype, generator: generator).to(x.device);
        return (x + ((stepSize / 2) * score) + (Math.Sqrt(stepSize) * z)).MoveToOuterDisposeScope();
    }

    /// <summary>Plain (unannealed) Langevin dynamics: <paramref name="steps"/> steps of size ε from <paramref name="start"/>.</summary>
    /// <param name="score">x ↦ ∇ log p(x).</param>
    /// <param name="start">x_0, <c>[n, D]</c>.</param>
    /// <param name="steps">Number of steps.</param>
    /// <param name="stepSize">ε &gt; 0.</param>
    /// <param name="generator">Random source of z.</param>
    public static Tensor Run(Func<Tensor, Tensor> score, Tensor start, int steps, double stepSize, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        using var noGrad = no_grad();
        var x = start.clone();
        for (var k = 0; k < steps; k++)
        {
            using var scope = NewDisposeScope();
            var next = Step(x, score(x), stepSize, generator);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }

        return x;
    }

    /// <summary>
    /// Annealed Langevin dynamics (Song &amp; Ermon 2019, algorithm 1): for each σ_i, T steps of size α_i = ε σ_i²/σ_L² with
    /// the score at σ_i. Song &amp; Ermon also end with one denoising step x + σ_L² s(x, σ_L) (Tweedie), which
    /// <paramref name="denoiseLast"/> adds.
    /// </summary>
    /// <param name="score">(x <c>[n, D]</c>, σ <c>[n]</c>) ↦ s(x, σ) <c>[n, D]</c>.</param>
    /// <param name="start">x_0, <c>[n, D]</c> (Song &amp; Ermon: uniform noise).</param>
    /// <param name="sigmas">σ_1 &gt; … &gt; σ_L.</param>
    /// <param name="stepsPerLevel">T (100 in the paper).</param>
    /// <param name="epsilon">ε, the step at the smallest level (2·10⁻⁵ in the paper, for images).</param>
    /// <param name="generator">Random source of z.</param>
    /// <param name="denoiseLast">End with the denoising step.</param>
    /// <param name="observe">Called with (level i, x) after each level (clone what you keep).</param>
    public static Tensor Sample(
        Func<Tensor, Tensor, Tensor> score, Tensor start, IReadOnlyList<double> sigmas, int stepsPerLevel, double epsilon,
        torch.Generator? generator = null, bool denoiseLast = false, Action<int, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(sigmas);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsPerLevel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        if (sigmas.Count == 0 || sigmas.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Need at least one noise level, every σ > 0.", nameof(sigmas));
        }

        using var noGrad = no_grad();
        var x = start.clone();
        var n = x.shape[0];
        var last = sigmas[^1];
        for (var i = 0; i < sigmas.Count; i++)
        {
            var alpha = epsilon * sigmas[i] * sigmas[i] / (last * last);
            for (var k = 0; k < stepsPerLevel; k++)
            {
                using var scope = NewDisposeScope();
                var next = Step(x, score(x, full(n, sigmas[i], dtype: x.dtype, device: x.device)), alpha, generator);
                x.Dispose();
                x = next.MoveToOuterDisposeScope();
            }

            observe?.Invoke(i, x);
        }

        if (denoiseLast)
        {
            using var scope = NewDisposeScope();
            var next = x + (last * last * score(x, full(n, last, dtype: x.dtype, device: x.device)));
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }

        return x;
    }
}
