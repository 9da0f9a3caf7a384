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
/// Computed in float64 with log Φ from erfc and, beyond z = −30, from its asymptotic series (TorchSharp 0.107's
/// <c>special.erfcx</c> returns erfc, so it cannot be used), and
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
    /// <param name="x">Pixel values on the grid 2k/255 − 1, <c>[batch, ...]</c>; anything else is refused.</param>
    /// <param name="mean">μ, same shape as <paramref name="x"/>.</param>
    /// <param name="std">σ &gt; 0, broadcast against <paramref name="x"/>.</param>
    public static Tensor LogProb(Tensor x, Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        using var scope = NewDisposeScope();
        // Snap to the exact grid in float64: float32 levels are off by up to 6·10⁻⁸, enough to open gaps between bins.
        var k = ((x.to_type(float64) + 1) * 127.5).round();
        if (x.numel() > 0 && (k - ((x.to_type(float64) + 1) * 127.5)).abs().max().item<double>() > 1e-3)
        {
            throw new ArgumentException("x must hold 8-bit levels scaled to [−1, 1], 2k/255 − 1 (Ddpm.FromBytes).", nameof(x));
        }

        var xs = (k / 127.5) - 1;
        var sigma = std.to_type(float64);
        var upper = (xs + HalfBin - mean.to_type(float64)) / sigma;                  // standardised bin edges
        var lower = (xs - HalfBin - mean.to_type(float64)) / sigma;
        var top = xs > 1 - HalfBin;                                                  // x = 1: the bin runs to +∞
        var bottom = xs < -1 + HalfBin;                                              // x = −1: from −∞
        var elementwise = where(
            top,
            LogNormalCdf(-lower),                                                     // log(1 − Φ(lower))
            where(bottom, LogNormalCdf(upper), LogNormalInterval(lower, upper)));
        var summed = elementwise.dim() <= 1 ? elementwise : elementwise.flatten(1).sum(1);
        return summed.MoveToOuterDisposeScope();
    }

    /// <summary>log Φ(z) for float64 z, accurate in both tails.</summary>
    internal static Tensor LogNormalCdf(Tensor z)
    {
        using var scope = NewDisposeScope();
        // Φ(z) = ½ erfc(−z/√2) is representable down to z ≈ −37.5 (erfc underflows past 26.5); beyond −30 use Laplace's
        // asymptotic series log Φ(z) = −z²/2 − log(−z) − ½ log 2π + log(1 − z⁻² + 3z⁻⁴ − 15z⁻⁶ + 105z⁻⁸), whose truncation
        // error there is below 10⁻¹³. Each branch sees only its own range, so neither produces NaN where it is not selected.
        var moderate = z.clamp_min(-30);
        var far = z.clamp_max(-30);
        var central = (0.5 * special.erfc(-moderate / Sqrt2)).log();
        var u = far.square().reciprocal();
        var series = 1 - (u * (1 - (u * (3 - (u * (15 - (105 * u)))))));
        var tail = (-0.5 * far.square()) - (-far).log() - (0.5 * Math.Log(2 * Math.PI)) + series.log();
        return where(z < -30, tail, central).MoveToOuterDisposeScope();
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
