using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The sinusoidal position encoding of Vaswani et al. (2017, "Attention Is All You Need") used as the step embedding of
/// a diffusion network (Ho, Jain &amp; Abbeel 2020, appendix B): for half = d/2 frequencies ω_i = 10000^{−i/(half − 1)},
/// <code>e(t) = [sin(t ω_0), …, sin(t ω_{half−1}), cos(t ω_0), …, cos(t ω_{half−1})].</code>
/// Nearby steps get nearby codes and every step a distinct one; a small MLP after it lets the network read t.
/// </summary>
public static class SinusoidalTimeEmbedding
{
    /// <summary>The codes of the steps t (any real values), <c>[batch]</c> → <c>[batch, d]</c> float32.</summary>
    /// <param name="t">Steps, <c>[batch]</c>, integer or floating.</param>
    /// <param name="dimensions">d, even and at least 4.</param>
    public static Tensor Embed(Tensor t, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (dimensions < 4 || dimensions % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The embedding needs an even size of at least 4.");
        }

        using var scope = NewDisposeScope();
        var half = dimensions / 2;
        var frequencies = exp(arange(half, dtype: float32, device: t.device) * (-Math.Log(10000) / (half - 1)));   // [half]
        var angles = t.to_type(float32).reshape(-1, 1) * frequencies.unsqueeze(0);                                  // [batch, half]
        return cat([sin(angles), cos(angles)], 1).MoveToOuterDisposeScope();                                       // [batch, d]
    }
}
