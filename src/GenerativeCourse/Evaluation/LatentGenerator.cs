using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// A model's deterministic map from a latent code to an image, G: z ∈ ℝᵏ, z ~ N(0, I_k) → x ∈ [0, 1]^784: what the
/// perceptual path length (<see cref="PerceptualPathLength"/>) walks along. For a GAN it is the generator G(z); for a
/// VAE the decoder's mean σ(f_θ(z)), not a Bernoulli draw of it, whose noise would swamp a step of ε = 10⁻⁴.
/// </summary>
/// <param name="LatentSize">k, the length of z.</param>
/// <param name="Generate">z float32 <c>[b, k]</c> → images float32 <c>[b, 784]</c> in [0, 1]; called without gradients.</param>
/// <param name="Description">What G is, for tables: "generator G(z)".</param>
public sealed record LatentGenerator(int LatentSize, Func<Tensor, Tensor> Generate, string Description);
