using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The network ε_θ(x_t, t, y) of a <see cref="Ddpm"/>: given a noisy x_t and its step t it predicts the noise ε with
/// x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (Ho, Jain &amp; Abbeel 2020, eq. 11). <see cref="DiffusionUNet"/> is the trained one;
/// tests use exact ones, E[ε | x_t], which exist in closed form for Gaussian data.
/// </summary>
public interface INoisePredictor
{
    /// <summary>ε̂, the shape of <paramref name="noisy"/>.</summary>
    /// <param name="noisy">x_t, <c>[batch, ...]</c>.</param>
    /// <param name="t">Steps in 1…T, int64 <c>[batch]</c>.</param>
    /// <param name="labels">Class labels, int64 <c>[batch]</c>, where −1 is the null label ∅ of classifier-free guidance;
    /// null means every example is unconditional.</param>
    Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null);
}
