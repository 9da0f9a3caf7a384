using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// The deep convolutional GAN of Radford, Metz &amp; Chintala (2016, "Unsupervised Representation Learning with Deep
/// Convolutional Generative Adversarial Networks", ICLR), sized for 28×28 digits: the same game as <see cref="Gan"/>,
/// <code>min_G max_D E_x[log D(x)] + E_z[log(1 − D(G(z)))],</code>
/// with the paper's architecture rules — strided (transposed) convolutions instead of pooling, batch normalisation in
/// both players except the generator's output and the discriminator's input, ReLU in G, LeakyReLU(0.2) in D, weights
/// drawn from N(0, 0.02²).
/// </summary>
/// <remarks>
/// <para>Generator: z <c>[batch, Latent]</c> → linear → <c>[2W, 7, 7]</c> → transposed conv (stride 2) → <c>[W, 14, 14]</c>
/// → transposed conv (stride 2) → <c>[1, 28, 28]</c> → sigmoid, returned flattened as <c>[batch, 784]</c> grey
/// levels in (0, 1) — the course's pixel scale (the paper's tanh and [−1, 1] are the same up to an affine map).</para>
/// <para>Discriminator: <c>[batch, 784]</c> or <c>[batch, 1, 28, 28]</c> → conv (stride 2) → <c>[W, 14, 14]</c> → conv
/// (stride 2) → <c>[2W, 7, 7]</c> → linear → logits <c>[batch]</c>.</para>
/// <para>Batch norm makes outputs depend on the mode: in training mode each batch is normalised by its own
/// statistics; call <c>eval()</c> before sampling for figures so the running averages are used.</para>
/// <para>With <see cref="GeneratorLoss.Wasserstein"/> the discriminator is a WGAN-GP critic and has no batch norm
/// (Gulrajani et al. 2017: the gradient penalty is per example, batch statistics would couple the examples).</para>
/// </remarks>
public sealed class Dcgan : AdversarialModule
{
    private const int Side = 28;

    /// <param name="options">Latent size, width and loss; the defaults when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Dcgan(DcganOptions? options = null, torch.Generator? generator = null)
        : this(options ?? new DcganOptions())
    {
        Initialise(generator);
    }

    private Dcgan(DcganOptions options)
        : base(nameof(Dcgan), options.Latent, BuildGenerator(options), BuildDiscriminator(options))
    {
        Options = options;
    }

    public DcganOptions Options { get; }

    /// <inheritdoc/>
    public override GeneratorLoss GeneratorLoss => Options.Loss;

    /// <summary>x must be <c>[batch, 784]</c> or <c>[batch, 1, 28, 28]</c>, grey levels in [0, 1]; the network reads <c>[batch, 1, 28, 28]</c>.</summary>
    private protected override Tensor ShapeForDiscriminator(Tensor x)
    {
        if (x.numel() % (Side * Side) != 0 || x.dim() < 2)
        {
            throw new ArgumentException($"Expected [batch, 784] or [batch, 1, 28, 28], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        return x.reshape(-1, 1, Side, Side);                                                     // [batch, 1, 28, 28]
    }

    /// <summary>z → linear → [2W, 7, 7] → [W, 14, 14] → [1, 28, 28] → sigmoid, flattened to [batch, 784].</summary>
    private static Sequential BuildGenerator(DcganOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1, nameof(DcganOptions.Width));
        var w = options.Width;
        return nn.Sequential(
            ("project", nn.Linear(options.Latent, 2 * w * 7 * 7)),
            ("unflatten", nn.Unflatten(1, [2 * w, 7, 7])),                                       // [batch, 2W, 7, 7]
            ("norm0", nn.BatchNorm2d(2 * w)),
            ("relu0", nn.ReLU()),
            ("up1", nn.ConvTranspose2d(2 * w, w, 4, stride: 2, padding: 1)),                     // [batch, W, 14, 14]
            ("norm1", nn.BatchNorm2d(w)),
            ("relu1", nn.ReLU()),
            ("up2", nn.ConvTranspose2d(w, 1, 4, stride: 2, padding: 1)),                         // [batch, 1, 28, 28]
            ("sigmoid", nn.Sigmoid()),
            ("flatten", nn.Flatten()));                                                           // [batch, 784]
    }

    /// <summary>[1, 28, 28] → [W, 14, 14] → [2W, 7, 7] → one logit; batch norm in the middle unless it is a WGAN-GP critic.</summary>
    private static Sequential BuildDiscriminator(DcganOptions options)
    {
        var w = options.Width;
        nn.Module<Tensor, Tensor> norm = options.Loss == GeneratorLoss.Wasserstein ? nn.Identity() : nn.BatchNorm2d(2 * w);
        return nn.Sequential(
            ("down1", nn.Conv2d(1, w, 4, stride: 2, padding: 1)),                                // [batch, W, 14, 14]
            ("leaky1", nn.LeakyReLU(0.2)),
            ("down2", nn.Conv2d(w, 2 * w, 4, stride: 2, padding: 1)),                            // [batch, 2W, 7, 7]
            ("norm2", norm),
            ("leaky2", nn.LeakyReLU(0.2)),
            ("flatten", nn.Flatten()),
            ("output", nn.Linear(2 * w * 7 * 7, 1)));                                            // [batch, 1]
    }

    /// <summary>Radford et al., section 4: weights N(0, 0.02²), batch-norm scales N(1, 0.02²), all biases zero.</summary>
    private void Initialise(torch.Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            using var scope = NewDisposeScope();
            var isNorm = name.Contains(".norm", StringComparison.Ordinal);
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else
            {
                var noise = 0.02 * randn(parameter.shape, dtype: parameter.dtype, generator: generator);
                parameter.copy_(isNorm ? noise + 1 : noise);
            }
        }
    }
}
