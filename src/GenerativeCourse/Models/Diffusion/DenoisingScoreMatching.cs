using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// Denoising score matching (Vincent 2011, "A Connection Between Score Matching and Denoising Autoencoders", Neural
/// Computation; Song &amp; Ermon 2019): with x̃ = x + σ z, z ~ N(0, I), the regression
/// <code>ℓ(θ; σ) = ½ E_{x, z} ‖s_θ(x̃, σ) − ∇_x̃ log q_σ(x̃ | x)‖² = ½ E ‖s_θ(x̃, σ) + z/σ‖²</code>
/// equals ½ E_{x̃} ‖s_θ(x̃, σ) − ∇ log p_σ(x̃)‖² plus a constant, so its minimiser over all functions is the score of the
/// noised data, s*(x̃) = E[−z/σ | x̃] = ∇ log p_σ(x̃): no density is needed, only noisy copies. Over L noise levels
/// the loss weights each by λ(σ) = σ², which makes every level's term of order 1:
/// <code>L(θ) = E_{σ ~ U{σ_1…σ_L}} ½ E ‖σ s_θ(x̃, σ) + z‖².</code>
/// </summary>
public static class DenoisingScoreMatching
{
    /// <summary>
    /// The loss L(θ) of one batch with one level and one z per example: a scalar (mean over the batch), differentiable.
    /// </summary>
    /// <param name="score">(x̃ <c>[batch, D]</c>, σ <c>[batch]</c>) ↦ s(x̃, σ) <c>[batch, D]</c>; a network or an analytic score.</param>
    /// <param name="x">Data, <c>[batch, D]</c>.</param>
    /// <param name="sigmas">The noise levels σ_1…σ_L.</param>
    /// <param name="generator">Random source of the levels and of z.</param>
    public static Tensor Loss(Func<Tensor, Tensor, Tensor> score, Tensor x, IReadOnlyList<double> sigmas, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sigmas.Count == 0 || sigmas.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Need at least one noise level, every σ > 0.", nameof(sigmas));
        }

        using var scope = NewDisposeScope();
        var level = randint(sigmas.Count, [x.shape[0]], dtype: int64, generator: generator);
        var sigma = tensor(sigmas.ToArray(), x.dtype).index_select(0, level).to(x.device);             // [batch]
        var z = randn(x.shape, dtype: x.dtype, generator: generator).to(x.device);                    // [batch, D]
        return PerExample(score, x, sigma, z).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ½ ‖σ s(x + σ z, σ) + z‖² per example for given σ and z, <c>[batch]</c>: the terms of <see cref="Loss"/>, for
    /// computations with common random numbers.
    /// </summary>
    public static Tensor PerExample(Func<Tensor, Tensor, Tensor> score, Tensor x, Tensor sigma, Tensor z)
    {
        ArgumentNullException.ThrowIfNull(score);
        using var scope = NewDisposeScope();
        var s = sigma.unsqueeze(1);                                                                     // [batch, 1]
        var noisy = x + (s * z);
        return (0.5 * ((s * score(noisy, sigma)) + z).square().sum(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// L noise levels in geometric progression from σ_max down to σ_min (Song &amp; Ermon 2019: 1 to 0.01 in 10 levels on
    /// images; Song &amp; Ermon 2020: σ_max about the largest distance between data points).
    /// </summary>
    public static double[] GeometricLevels(double largest, double smallest, int levels)
    {
        if (!(largest >= smallest && smallest > 0) || levels < 1 || (levels == 1 && largest != smallest))
        {
            throw new ArgumentException($"Need σ_max ≥ σ_min > 0 and L ≥ 1 (L = 1 only with σ_max = σ_min); got {largest}, {smallest}, {levels}.");
        }

        return levels == 1
            ? [largest]
            : [.. Enumerable.Range(0, levels).Select(i => largest * Math.Pow(smallest / largest, (double)i / (levels - 1)))];
    }
}
