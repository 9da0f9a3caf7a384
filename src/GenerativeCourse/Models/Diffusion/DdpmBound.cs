using GenerativeCourse.Probability;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The variational bound of a <see cref="Ddpm"/> on −log P(x_0) for 8-bit images, split into its terms (Ho, Jain &amp;
/// Abbeel 2020, eq. 5), each <c>[batch]</c> float64 in nats per image:
/// <code>−log P(x_0) ≤ L = L_T + Σ_{t=2}^{T} L_{t−1} + L_0,
/// L_T = KL(q(x_T | x_0) ‖ N(0, I)),  L_{t−1} = KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)),  L_0 = −log p_θ(x_0 | x_1).</code>
/// </summary>
/// <param name="Prior">L_T ≥ 0: what the chain fails to forget of x_0 (about 10⁻⁵ bits/dim for the linear schedule).</param>
/// <param name="Diffusion">Σ_{t=2}^{T} L_{t−1}, each a KL ≥ 0, evaluated at one draw x_t ~ q(x_t | x_0) per step (so the
/// sum is an unbiased estimate of the bound's middle terms), or estimated from a stratified sample of the steps.</param>
/// <param name="Decoder">L_0 ≥ 0, minus the log of a probability (<see cref="DiscretisedGaussian"/>).</param>
/// <param name="PerStep">When every step was evaluated: <c>[batch, T]</c>, column t − 1 holding L_{t−1} (column 0 is
/// L_0); null for a stratified estimate.</param>
public sealed record DdpmBound(Tensor Prior, Tensor Diffusion, Tensor Decoder, Tensor? PerStep)
{
    /// <summary>L = L_T + Σ L_{t−1} + L_0, nats per image, <c>[batch]</c>.</summary>
    public Tensor Total => Prior + Diffusion + Decoder;

    /// <summary>The mean of <see cref="Total"/> in bits per dimension: L / (D ln 2) averaged over the batch.</summary>
    /// <param name="dimensions">D, pixels per image (784 for a digit).</param>
    public double BitsPerDimension(int dimensions)
    {
        using var scope = NewDisposeScope();
        return Units.BitsPerDimension(Total.mean().item<double>(), dimensions);
    }
}
