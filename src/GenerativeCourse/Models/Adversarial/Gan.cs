using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// The generative adversarial network of Goodfellow et al. (2014, "Generative Adversarial Nets", NeurIPS) with
/// multilayer-perceptron players, for low-dimensional toys: a generator G maps noise z ~ N(0, I) to x = G(z), a
/// discriminator D(x) = σ(l(x)) gives the probability that x came from the data, and the two play
/// <code>min_G max_D V(D, G) = E_{x~p_data}[log D(x)] + E_{z~p(z)}[log(1 − D(G(z)))].</code>
/// For a fixed G the best discriminator is D*(x) = p_data(x) / (p_data(x) + p_g(x)) (the paper's proposition 1),
/// and against it the generator minimises 2·JS(p_data ‖ p_g) − log 4.
/// </summary>
/// <remarks>
/// <para>Shapes: z is <c>[batch, Latent]</c>, x is <c>[batch, Dimensions]</c>; <see cref="AdversarialModule.Discriminate"/>
/// returns logits <c>[batch]</c>; the losses (<see cref="GanLosses"/>) are scalars in nats per example.</para>
/// <para>The model has no likelihood: <see cref="AdversarialModule.Sample"/> is its only way to show what it learnt, and
/// evaluation works on samples (mode coverage, Fréchet distance).</para>
/// </remarks>
public sealed class Gan : AdversarialModule
{
    /// <summary>
    /// Creates both players; every weight and bias is drawn from U(−1/√fan_in, 1/√fan_in) (PyTorch's default range)
    /// with <paramref name="generator"/>, so a seed fixes the whole model.
    /// </summary>
    /// <param name="options">Sizes and the generator's loss; defaults (2-D, [128, 128] each, non-saturating) when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Gan(GanOptions? options = null, torch.Generator? generator = null)
        : this(options ?? new GanOptions())
    {
        SeededInitialisation.FanInUniform(this, generator);
    }

    private Gan(GanOptions options)
        : base(
            nameof(Gan),
            options.Latent,
            AdversarialMlp.Build(options.Latent, options.GeneratorHiddenSizes, Positive(options.Dimensions), () => nn.ReLU()),
            // LeakyReLU keeps a gradient for inputs the discriminator has pushed far to one side (Radford et al. 2016).
            AdversarialMlp.Build(options.Dimensions, options.DiscriminatorHiddenSizes, 1, () => nn.LeakyReLU(0.2)))
    {
        Options = options;
    }

    public GanOptions Options { get; }

    /// <summary>Size of one example.</summary>
    public int Dimensions => Options.Dimensions;

    /// <inheritdoc/>
    public override GeneratorLoss GeneratorLoss => Options.Loss;

    /// <summary>x must be <c>[batch, Dimensions]</c>.</summary>
    private protected override Tensor ShapeForDiscriminator(Tensor x)
    {
        RequireColumns(x, Dimensions, nameof(x));
        return x;
    }

    private static int Positive(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1, nameof(GanOptions.Dimensions));
        return dimensions;
    }
}
