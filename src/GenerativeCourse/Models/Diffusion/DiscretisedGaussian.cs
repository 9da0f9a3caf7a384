using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The discretised Gaussian of Ho, Jain &amp; Abbeel (2020, §3.3, eq. 13): the probability that a Gaussian
/// N(μ, σ²) on the real line puts on the bin of an 8-bit pixel value scaled to [−1, 1],
/// <code>P(x | μ, σ) = ∫_{δ₋(x)}^{δ₊(x)} N(v; μ, σ²) dv,   δ±(x) = x ± 1/255 inside, δ₊(1) = +∞, δ₋(−1) = −∞,</code>
/// so the 256 bins of width 2/255 centred on x = 2k/255 − 1, k = 0…255, tile the real line and the probabilities of
/// the 256 values sum to 1 for every μ and σ. It is the last step p_θ(x_0 | x_1) of a <see cref="Ddpm"/>, which turns
/// the continuous chain into a distribution over byte images and so makes its bound a bound on −log P(k).
/// </summary>
/// <remarks>
/// Computed in float64 with Φ written through erfcx, log Φ(z) = log ½ + log erfcx(−z/√2) − z²/2 for z &lt; 0, and
/// log(Φ(b) − Φ(a)) = log Φ(b) + log(1 − e^{log Φ(a) − log Φ(b)}) on the left of 0 (by symmetry on the right): the
/// difference of two CDFs in a tail would round to 0 in the textbook form. Ho et al.'s code uses a tanh
/// approximation of Φ instead; this is the exact CDF.
/// </remarks>
public static class DiscretisedGaussian
{
    /// <summary>Half the width of one grey level's bin on the [−1, 1] scale, 1/255.</summary>
    public const double HalfBin = 1.0 / 255;

    private static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>
    /// log P(x | μ, σ) summed over every dimension but the first, in nats per example, <c>[batch]</c> float64.
    /// </summary>
    /// <param name="x">Pixel values on the grid 2k/255 − 1, <c>[batch, ...]</c>.</param>
    /// <param name="mean">μ, same shape as <paramref name="x"/>.</param>
    /// <param name="std">σ &gt; 0, broadcast against <paramref name="x"/>.</param>
    public static Tensor LogProb(Tensor x, Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        using var scope = NewDisposeScope();
        var xs = x.to_type(float64);
        var sigma = std.to_type(float64);
        var upper = (xs + HalfBin - mean.to_type(float64)) / sigma;                  // standardised bin edges
        var lower = (xs - HalfBin - mean.to_type(float64)) / sigma;
        var top = xs > 1 - HalfBin;                                                  // x = 1: the bin runs to +∞
        var bottom = xs < -1 + HalfBin;                                              // x = −1: from −∞
        // Push the infinite edges far into the tail instead of using ±∞, which would give NaN gradients and 0·∞.
        upper = where(top, full_like(upper, 40.0), upper);
        lower = where(bottom, full_like(lower, -40.0), lower);
        var elementwise = LogNormalInterval(lower, upper);
        var summed = elementwise.dim() <= 1 ? elementwise : elementwise.flatten(1).sum(1);
        return summed.MoveToOuterDisposeScope();
    }

    /// <summary>log Φ(z) for float64 z, accurate in both tails.</summary>
    internal static Tensor LogNormalCdf(Tensor z)
    {
        using var scope = NewDisposeScope();
        // Each branch sees only its half line, so neither overflows where it is not selected.
        var negative = z.clamp_max(0);
        var positive = z.clamp_min(0);
        var left = Math.Log(0.5) + special.erfcx(-negative / Sqrt2).log() - (negative.square() / 2);
        var right = (-0.5 * special.erfc(positive / Sqrt2)).log1p();                     // log(1 − Φ(−z))
        return where(z < 0, left, right).MoveToOuterDisposeScope();
    }

    /// <summary>log(Φ(b) − Φ(a)) for a &lt; b, element-wise.</summary>
    internal static Tensor LogNormalInterval(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        // On the right of 0 use Φ(b) − Φ(a) = Φ(−a) − Φ(−b), so the larger CDF is never close to 1 in the subtraction.
        var flip = a > 0;
        var high = where(flip, -a, b);
        var low = where(flip, -b, a);
        var logHigh = LogNormalCdf(high);
        var logLow = LogNormalCdf(low);
        var ratio = (logLow - logHigh).exp().clamp_max(1 - 1e-16);
        return (logHigh + (-ratio).log1p()).MoveToOuterDisposeScope();
    }
}
