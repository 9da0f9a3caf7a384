using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
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
/// <para>Shapes: z is <c>[batch, Latent]</c>, x is <c>[batch, Dimensions]</c>; <see cref="Discriminate"/> returns
/// logits <c>[batch]</c>; the losses (<see cref="GanLosses"/>) are scalars in nats per example.</para>
/// <para>The model has no likelihood: <see cref="Sample"/> is its only way to show what it learnt, and evaluation
/// works on samples (mode coverage, Fréchet distance).</para>
/// </remarks>
public sealed class Gan : nn.Module<Tensor, Tensor>, IAdversarialModel
{
    // [ComponentName] ties each field to its registered name, so module.to(dtype or device) updates the fields.
    [ComponentName(Name = "generator")]
    private readonly Sequential _generator;

    [ComponentName(Name = "discriminator")]
    private readonly Sequential _discriminator;

    /// <summary>
    /// Creates both players; every weight and bias is drawn from U(−1/√fan_in, 1/√fan_in) (PyTorch's default range)
    /// with <paramref name="generator"/>, so a seed fixes the whole model.
    /// </summary>
    /// <param name="options">Sizes and the generator's loss; defaults (2-D, [128, 128] each, non-saturating) when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Gan(GanOptions? options = null, torch.Generator? generator = null)
        : base(nameof(Gan))
    {
        Options = options ?? new GanOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Latent, 1);
        if (Options.GeneratorHiddenSizes.Any(h => h < 1) || Options.DiscriminatorHiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentException("Every hidden width must be ≥ 1.", nameof(options));
        }

        _generator = Mlp(Options.Latent, Options.GeneratorHiddenSizes, Options.Dimensions, () => nn.ReLU());
        // LeakyReLU keeps a gradient for inputs the discriminator has pushed far to one side (Radford et al. 2016).
        _discriminator = Mlp(Options.Dimensions, Options.DiscriminatorHiddenSizes, 1, () => nn.LeakyReLU(0.2));
        register_module("generator", _generator);
        register_module("discriminator", _discriminator);
        SeededInitialisation.FanInUniform(this, generator);
    }

    public GanOptions Options { get; }

    /// <summary>Size of one example.</summary>
    public int Dimensions => Options.Dimensions;

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

    /// <summary>G(z), <c>[batch, Dimensions]</c>; differentiable in θ_g.</summary>
    /// <param name="z">Noise, <c>[batch, Latent]</c>.</param>
    public Tensor Generate(Tensor z)
    {
        RequireShape(z, Latent, nameof(z));
        return _generator.forward(z.to_type(DataType));
    }

    /// <summary>The discriminator's logit l(x), <c>[batch]</c>, with D(x) = σ(l(x)); differentiable in θ_d and x.</summary>
    /// <param name="x">Examples, <c>[batch, Dimensions]</c>.</param>
    public Tensor Discriminate(Tensor x)
    {
        RequireShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        return _discriminator.forward(x.to_type(DataType)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>D(x) = σ(l(x)) ∈ (0, 1), the probability that x is real, <c>[batch]</c>, without gradients.</summary>
    public Tensor DiscriminatorProbability(Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return sigmoid(Discriminate(x)).MoveToOuterDisposeScope();
    }

    /// <summary>n draws x = G(z), z ~ N(0, I), <c>[n, Dimensions]</c>, without gradients.</summary>
    /// <param name="n">Number of examples.</param>
    /// <param name="generator">Random source of z.</param>
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

    private static Sequential Mlp(int input, IReadOnlyList<int> hidden, int output, Func<nn.Module<Tensor, Tensor>> activation)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = input;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"activation{i}", activation()));
            width = hidden[i];
        }

        layers.Add(("output", nn.Linear(width, output)));
        return nn.Sequential(layers);
    }

    private static void RequireShape(Tensor t, int columns, string name)
    {
        if (t.dim() != 2 || t.shape[1] != columns)
        {
            throw new ArgumentException($"Expected {name} of shape [batch, {columns}], got [{string.Join(", ", t.shape)}].", name);
        }
    }
}
