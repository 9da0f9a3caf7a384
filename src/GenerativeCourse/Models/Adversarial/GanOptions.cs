namespace GenerativeCourse.Models.Adversarial;

/// <summary>Options of <see cref="Gan"/>.</summary>
/// <param name="Dimensions">Size of one example (2 for the plane toys, 1 for the optimal-discriminator demo).</param>
/// <param name="Latent">Size of z ~ N(0, I).</param>
/// <param name="GeneratorHidden">
/// Widths of the generator's ReLU layers, from z. Null means [128, 128]. Empty makes G affine, G(z) = Az + b, so
/// p_g is exactly the Gaussian N(b, AAᵀ) — handy when p_g must be known in closed form.
/// </param>
/// <param name="DiscriminatorHidden">Widths of the discriminator's LeakyReLU(0.2) layers, from x. Null means [128, 128].</param>
/// <param name="Loss">The generator's objective; non-saturating, as Goodfellow et al. recommend in practice.</param>
public sealed record GanOptions(
    int Dimensions = 2,
    int Latent = 2,
    IReadOnlyList<int>? GeneratorHidden = null,
    IReadOnlyList<int>? DiscriminatorHidden = null,
    GeneratorLoss Loss = GeneratorLoss.NonSaturating)
{
    /// <summary><see cref="GeneratorHidden"/> with its default filled in.</summary>
    public IReadOnlyList<int> GeneratorHiddenSizes => GeneratorHidden ?? [128, 128];

    /// <summary><see cref="DiscriminatorHidden"/> with its default filled in.</summary>
    public IReadOnlyList<int> DiscriminatorHiddenSizes => DiscriminatorHidden ?? [128, 128];
}
