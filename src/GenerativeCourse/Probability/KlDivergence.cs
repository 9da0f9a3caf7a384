using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// Closed-form Kullback–Leibler divergences between diagonal Gaussians, in <b>nats</b> per example.
/// KL(q‖p) = E_q[log q(z) − log p(z)] ≥ 0, with equality only when q = p. Chapter 03 uses the first
/// one for the KL term of the VAE's ELBO (Kingma &amp; Welling 2014, appendix B).
/// </summary>
/// <remarks>
/// Shapes as in <see cref="LogDensities"/>: the first dimension is the batch, the others are summed
/// (the KL of independent coordinates adds up); the result is <c>[batch]</c>. Variances enter as
/// log σ².
/// </remarks>
public static class KlDivergence
{
    /// <summary>
    /// KL( N(μ, diag σ²) ‖ N(0, I) ) = ½ Σ_d (μ_d² + σ_d² − 1 − log σ_d²), in nats per example.
    /// </summary>
    /// <param name="mean">μ, <c>[batch, ...]</c>.</param>
    /// <param name="logVariance">log σ², same shape as <paramref name="mean"/>.</param>
    /// <returns>KL in nats, <c>[batch]</c>.</returns>
    public static Tensor FromStandardNormal(Tensor mean, Tensor logVariance)
    {
        using var scope = NewDisposeScope();
        var elementwise = 0.5 * (mean.square() + logVariance.exp() - 1 - logVariance);
        return LogDensities.SumOverEventDimensions(elementwise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// KL( N(μ₁, diag σ₁²) ‖ N(μ₂, diag σ₂²) )
    /// = ½ Σ_d [log σ₂² − log σ₁² + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1], in nats per example.
    /// </summary>
    /// <param name="mean1">μ₁ of q, <c>[batch, ...]</c>.</param>
    /// <param name="logVariance1">log σ₁² of q.</param>
    /// <param name="mean2">μ₂ of p, broadcast against <paramref name="mean1"/>.</param>
    /// <param name="logVariance2">log σ₂² of p, broadcast against <paramref name="mean1"/>.</param>
    /// <returns>KL(q‖p) in nats, <c>[batch]</c>.</returns>
    public static Tensor BetweenDiagonalGaussians(Tensor mean1, Tensor logVariance1, Tensor mean2, Tensor logVariance2)
    {
        using var scope = NewDisposeScope();
        var ratio = (logVariance1.exp() + (mean1 - mean2).square()) * (-logVariance2).exp();
        var elementwise = 0.5 * (logVariance2 - logVariance1 + ratio - 1);
        return LogDensities.SumOverEventDimensions(elementwise).MoveToOuterDisposeScope();
    }
}
