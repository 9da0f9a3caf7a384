using static TorchSharp.torch;

namespace GenerativeCourse.Models.Latent;

/// <summary>
/// Active units of a VAE's latent space (Burda, Grosse &amp; Salakhutdinov 2016, "Importance Weighted Autoencoders",
/// §5.2): latent dimension u is active when its activity A_u = Cov_x(E_{q(z|x)}[z_u]) exceeds 10⁻², that is, when
/// the encoder's mean for u changes with the image. An inactive unit has q(z_u|x) ≈ p(z_u) for every x: it costs no
/// KL and carries no information, the signature of posterior collapse.
/// </summary>
/// <remarks>With the Gaussian encoder E_q[z_u] = μ_u(x), so A_u is the variance of μ_u over the images (divided by
/// n, the data's own spread, not an estimate of a population's).</remarks>
public static class ActiveUnits
{
    /// <summary>Burda et al.'s threshold: A_u above 10⁻² counts as active.</summary>
    public const double Threshold = 1e-2;

    /// <summary>A_u for every latent dimension u, <c>[L]</c> in float64, over the images <paramref name="x"/>.</summary>
    /// <param name="model">The VAE.</param>
    /// <param name="x">Binary images, <c>[n, D]</c>, n ≥ 1.</param>
    /// <param name="batchSize">Images encoded at a time.</param>
    public static Tensor Activity(Vae model, Tensor x, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (x.dim() != 2 || x.shape[0] < 1)
        {
            throw new ArgumentException($"Expected images of shape [n ≥ 1, {model.Dimensions}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var means = cat(x.split(batchSize).Select(batch => model.Encode(batch).Mean.to_type(ScalarType.Float64)).ToList(), 0); // [n, L]
        return means.var(0, unbiased: false).MoveToOuterDisposeScope();
    }

    /// <summary>How many entries of <paramref name="activity"/> exceed <paramref name="threshold"/>.</summary>
    public static int Count(Tensor activity, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var above = activity.gt(threshold);
        using var count = above.sum();
        return (int)count.item<long>();
    }
}
