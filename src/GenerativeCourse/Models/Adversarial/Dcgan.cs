using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
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
/// </remarks>
public sealed class Dcgan : nn.Module<Tensor, Tensor>, IAdversarialModel
{
    private const int Side = 28;

    [ComponentName(Name = "generator")]
    private readonly Sequential _generator;

    [ComponentName(Name = "discriminator")]
    private readonly Sequential _discriminator;

    /// <param name="options">Latent size, width and loss; the defaults when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Dcgan(DcganOptions? options = null, torch.Generator? generator = null)
        : base(nameof(Dcgan))
    {
        Options = options ?? new DcganOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Latent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Width, 1);
        var w = Options.Width;
        _generator = nn.Sequential(
            ("project", nn.Linear(Options.Latent, 2 * w * 7 * 7)),
            ("unflatten", nn.Unflatten(1, [2 * w, 7, 7])),                                       // [batch, 2W, 7, 7]
            ("norm0", nn.BatchNorm2d(2 * w)),
            ("relu0", nn.ReLU()),
            ("up1", nn.ConvTranspose2d(2 * w, w, 4, stride: 2, padding: 1)),                     // [batch, W, 14, 14]
            ("norm1", nn.BatchNorm2d(w)),
            ("relu1", nn.ReLU()),
            ("up2", nn.ConvTranspose2d(w, 1, 4, stride: 2, padding: 1)),                         // [batch, 1, 28, 28]
            ("sigmoid", nn.Sigmoid()),
            ("flatten", nn.Flatten()));                                                           // [batch, 784]
        _discriminator = nn.Sequential(
            ("down1", nn.Conv2d(1, w, 4, stride: 2, padding: 1)),                                // [batch, W, 14, 14]
            ("leaky1", nn.LeakyReLU(0.2)),
            ("down2", nn.Conv2d(w, 2 * w, 4, stride: 2, padding: 1)),                            // [batch, 2W, 7, 7]
            ("norm2", nn.BatchNorm2d(2 * w)),
            ("leaky2", nn.LeakyReLU(0.2)),
            ("flatten", nn.Flatten()),
            ("output", nn.Linear(2 * w * 7 * 7, 1)));                                            // [batch, 1]
        register_module("generator", _generator);
        register_module("discriminator", _discriminator);
        Initialise(generator);
    }

    public DcganOptions Options { get; }

    /// <summary>Size of z.</summary>
    public int Latent => Options.Latent;

    /// <inheritdoc/>
    public GeneratorLoss GeneratorLoss => Options.Loss;

    /// <summary>G(z), the same as <see cref="Generate"/>.</summary>
    public override Tensor forward(Tensor z) => Generate(z);

    /// <summary>z ~ N(0, I), <c>[n, Latent]</c>.</summary>
    public Tensor SampleLatent(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return randn(n, Latent, dtype: DataType, device: Device, generator: generator);
    }

    /// <summary>G(z): grey images flattened to <c>[batch, 784]</c>, values in (0, 1); differentiable in θ_g.</summary>
    /// <param name="z">Noise, <c>[batch, Latent]</c>.</param>
    public Tensor Generate(Tensor z)
    {
        if (z.dim() != 2 || z.shape[1] != Latent)
        {
            throw new ArgumentException($"Expected z of shape [batch, {Latent}], got [{string.Join(", ", z.shape)}].", nameof(z));
        }

        return _generator.forward(z.to_type(DataType));
    }

    /// <summary>The discriminator's logits l(x), <c>[batch]</c>, D(x) = σ(l(x)).</summary>
    /// <param name="x">Images, <c>[batch, 784]</c> or <c>[batch, 1, 28, 28]</c>, grey levels in [0, 1].</param>
    public Tensor Discriminate(Tensor x)
    {
        if (x.numel() % (Side * Side) != 0 || x.dim() < 2)
        {
            throw new ArgumentException($"Expected [batch, 784] or [batch, 1, 28, 28], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var scope = NewDisposeScope();
        var images = x.to_type(DataType).reshape(-1, 1, Side, Side);                              // [batch, 1, 28, 28]
        return _discriminator.forward(images).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>n images G(z) <c>[n, 784]</c>, without gradients (in whatever mode the module is in).</summary>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Generate(SampleLatent(n, generator)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public IEnumerable<Parameter> GeneratorParameters() => _generator.parameters();

    /// <inheritdoc/>
    public IEnumerable<Parameter> DiscriminatorParameters() => _discriminator.parameters();

    private ScalarType DataType => parameters().First().dtype;

    private Device Device => parameters().First().device;

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
