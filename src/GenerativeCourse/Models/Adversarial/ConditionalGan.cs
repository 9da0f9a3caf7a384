using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>Options of <see cref="ConditionalGan"/>.</summary>
/// <param name="Dimensions">Size of one example (784 for flattened digits).</param>
/// <param name="Classes">Number of labels (10 digits).</param>
/// <param name="Latent">Size of z ~ N(0, I).</param>
/// <param name="Hidden">Widths of the hidden layers of both players. Null means [256, 256].</param>
/// <param name="Loss">The generator's objective.</param>
public sealed record ConditionalGanOptions(
    int Dimensions = 784,
    int Classes = 10,
    int Latent = 64,
    IReadOnlyList<int>? Hidden = null,
    GeneratorLoss Loss = GeneratorLoss.NonSaturating)
{
    /// <summary><see cref="Hidden"/> with its default filled in.</summary>
    public IReadOnlyList<int> HiddenSizes => Hidden ?? [256, 256];
}

/// <summary>
/// The conditional GAN of Mirza &amp; Osindero (2014, "Conditional Generative Adversarial Nets"): both players see
/// the label y, one-hot and concatenated to their input, and the game becomes
/// <code>min_G max_D E_{(x,y)~p_data}[log D(x, y)] + E_{z, y}[log(1 − D(G(z, y), y))],</code>
/// so that G(·, y) learns p_data(x | y) and a caller chooses the class of each sample.
/// </summary>
/// <remarks>
/// <para>Shapes: z <c>[batch, Latent]</c>, labels int64 <c>[batch]</c>; G returns <c>[batch, Dimensions]</c> in (0, 1)
/// (a sigmoid output, the course's grey levels); D returns logits <c>[batch]</c>. MLP players: ReLU in G,
/// LeakyReLU(0.2) in D, weights from U(±1/√fan_in).</para>
/// </remarks>
public sealed class ConditionalGan : nn.Module<Tensor, Tensor, Tensor>, IConditionalAdversarialModel
{
    [ComponentName(Name = "generator")]
    private readonly Sequential _generator;

    [ComponentName(Name = "discriminator")]
    private readonly Sequential _discriminator;

    /// <param name="options">Sizes and loss; defaults (digits) when null.</param>
    /// <param name="generator">Random source of the initial weights; the process-wide one when null.</param>
    public ConditionalGan(ConditionalGanOptions? options = null, torch.Generator? generator = null)
        : base(nameof(ConditionalGan))
    {
        Options = options ?? new ConditionalGanOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Latent, 1);
        var hidden = Options.HiddenSizes;
        _generator = AdversarialMlp.Build(Options.Latent + Options.Classes, hidden, Options.Dimensions, () => nn.ReLU(), last: nn.Sigmoid());
        _discriminator = AdversarialMlp.Build(Options.Dimensions + Options.Classes, hidden, 1, () => nn.LeakyReLU(0.2), last: null);
        register_module("generator", _generator);
        register_module("discriminator", _discriminator);
        SeededInitialisation.FanInUniform(this, generator);
    }

    public ConditionalGanOptions Options { get; }

    /// <inheritdoc/>
    public int Classes => Options.Classes;

    /// <inheritdoc/>
    public GeneratorLoss GeneratorLoss => Options.Loss;

    /// <summary>G(z, y), the same as <see cref="Generate"/>.</summary>
    public override Tensor forward(Tensor z, Tensor labels) => Generate(z, labels);

    /// <summary>z ~ N(0, I), <c>[n, Latent]</c>.</summary>
    public Tensor SampleLatent(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return randn(n, Options.Latent, dtype: DataType, device: Device, generator: generator);
    }

    /// <summary>G(z, y), <c>[batch, Dimensions]</c> in (0, 1).</summary>
    public Tensor Generate(Tensor z, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return _generator.forward(cat([z.to_type(DataType), OneHot(labels, z.shape[0])], 1)).MoveToOuterDisposeScope();
    }

    /// <summary>Logits l(x, y), <c>[batch]</c>.</summary>
    public Tensor Discriminate(Tensor x, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var flat = x.to_type(DataType).reshape(x.shape[0], -1);                                   // [batch, Dimensions]
        return _discriminator.forward(cat([flat, OneHot(labels, x.shape[0])], 1)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>One sample of each label in <paramref name="labels"/>, <c>[batch, Dimensions]</c>, without gradients.</summary>
    public Tensor Sample(Tensor labels, torch.Generator? generator = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Generate(SampleLatent((int)labels.shape[0], generator), labels).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public IEnumerable<Parameter> GeneratorParameters() => _generator.parameters();

    /// <inheritdoc/>
    public IEnumerable<Parameter> DiscriminatorParameters() => _discriminator.parameters();

    private ScalarType DataType => parameters().First().dtype;

    private Device Device => parameters().First().device;

    private Tensor OneHot(Tensor labels, long batch)
    {
        if (labels.dim() != 1 || labels.shape[0] != batch)
        {
            throw new ArgumentException($"Expected labels of shape [{batch}], got [{string.Join(", ", labels.shape)}].", nameof(labels));
        }

        return nn.functional.one_hot(labels.to_type(ScalarType.Int64), Classes).to_type(DataType);   // [batch, Classes]
    }
}
