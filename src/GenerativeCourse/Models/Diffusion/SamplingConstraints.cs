using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// Conditioning a trained, unconditional <see cref="Ddpm"/> at sampling time, without retraining: after every reverse step
/// x_{t−1} is corrected so that the part of it the condition determines agrees with a noised copy of the condition at the
/// same step. Pass the result as <c>constrain</c> to <see cref="Ddpm.SampleAncestral"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Inpainting"/>: the replacement method (Song et al. 2021, "Score-Based Generative Modeling through
/// Stochastic Differential Equations", appendix I; Lugmayr et al. 2022, "RePaint", without resampling): known pixels are
/// overwritten by a draw of q(x_{t−1} | x_0 = known).</para>
/// <para><see cref="SuperResolution"/>: iterative latent variable refinement (Choi et al. 2021, "ILVR", eq. 8) with the
/// low-pass filter φ = nearest-neighbour upsampling of the f×f average: x ← x − φ(x) + φ(y_{t−1}), y_{t−1} a draw of
/// q(y_{t−1} | y). Since φ is a projection (φ∘φ = φ), the final sample's f×f block averages are exactly the low-resolution
/// image.</para>
/// <para>Shapes: images <c>[n, C, S, S]</c>; masks broadcast against them (1 = known).</para>
/// </remarks>
public static class SamplingConstraints
{
    /// <summary>Keeps the known pixels: x ← m ⊙ (√ᾱ_s x_known + √(1 − ᾱ_s) ε) + (1 − m) ⊙ x after each step to s.</summary>
    /// <param name="process">The model's forward process.</param>
    /// <param name="known">Images whose masked pixels are known, in [−1, 1], <c>[n, C, S, S]</c>.</param>
    /// <param name="mask">1 where a pixel is known, 0 where it is to be filled, broadcast against <paramref name="known"/>.</param>
    /// <param name="generator">Random source of ε.</param>
    public static Func<int, Tensor, Tensor> Inpainting(ForwardProcess process, Tensor known, Tensor mask, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(mask);
        return (s, x) =>
        {
            using var scope = NewDisposeScope();
            var (noisedKnown, _) = process.Sample(known, full(known.shape[0], s, dtype: int64, device: known.device), generator);
            return ((mask * noisedKnown) + ((1 - mask) * x)).MoveToOuterDisposeScope();
        };
    }

    /// <summary>ILVR: x ← x − φ(x) + φ(y_s) after each step to s, with φ the f×f block average spread back over its block.</summary>
    /// <param name="process">The model's forward process.</param>
    /// <param name="lowResolution">The low-resolution images in [−1, 1], <c>[n, C, S/f, S/f]</c>.</param>
    /// <param name="factor">f, the upsampling factor (2 for 14×14 → 28×28).</param>
    /// <param name="generator">Random source of the noised references.</param>
    public static Func<int, Tensor, Tensor> SuperResolution(ForwardProcess process, Tensor lowResolution, int factor = 2, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(lowResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        return (s, x) =>
        {
            using var scope = NewDisposeScope();
            if (x.shape[^1] != lowResolution.shape[^1] * factor || x.shape[^2] != lowResolution.shape[^2] * factor)
            {
                throw new ArgumentException($"The samples ({x.shape[^2]}×{x.shape[^1]}) must be {factor} times the low-resolution images ({lowResolution.shape[^2]}×{lowResolution.shape[^1]}).");
            }

            var reference = Upsample(lowResolution, factor);                                                   // [n, C, S, S]
            var (noisedReference, _) = process.Sample(reference, full(reference.shape[0], s, dtype: int64, device: x.device), generator);
            return (x - LowPass(x, factor) + LowPass(noisedReference, factor)).MoveToOuterDisposeScope();
        };
    }

    /// <summary>φ(x): the f×f block averages spread back over their blocks, <c>[n, C, S, S]</c>.</summary>
    public static Tensor LowPass(Tensor x, int factor)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        return Upsample(Downsample(x, factor), factor).MoveToOuterDisposeScope();
    }

    /// <summary>The f×f block averages, <c>[n, C, S/f, S/f]</c>: the low-resolution image of a sample.</summary>
    public static Tensor Downsample(Tensor x, int factor)
    {
        ArgumentNullException.ThrowIfNull(x);
        return nn.functional.avg_pool2d(x, factor);
    }

    private static Tensor Upsample(Tensor x, int factor) => x.repeat_interleave(factor, 2).repeat_interleave(factor, 3);
}
