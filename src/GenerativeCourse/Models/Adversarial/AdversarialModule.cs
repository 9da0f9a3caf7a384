using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// What every unconditional GAN of the course has in common (<see cref="Gan"/>, <see cref="Dcgan"/>): a generator
/// network G from noise z ~ N(0, I) <c>[batch, Latent]</c> to examples, a discriminator network from examples to one
/// logit each <c>[batch]</c>, and the verbs built from them. A subclass only builds the two networks (and says how
/// the discriminator reads its input); the game itself is played by <see cref="Training.AdversarialTrainer"/>.
/// </summary>
public abstract class AdversarialModule : nn.Module<Tensor, Tensor>, IAdversarialModel
{
    // [ComponentName] ties each field to its registered name, so module.to(dtype or device) updates the fields.
    [ComponentName(Name = "generator")]
    private readonly Sequential _generator;

    [ComponentName(Name = "discriminator")]
    private readonly Sequential _discriminator;

    /// <param name="name">The module's name.</param>
    /// <param name="latent">Size of z.</param>
    /// <param name="generator">G: <c>[batch, latent]</c> → examples.</param>
    /// <param name="discriminator">D's logit network: the examples as <see cref="Discriminate"/> shapes them → <c>[batch, 1]</c>.</param>
    private protected AdversarialModule(string name, int latent, Sequential generator, Sequential discriminator)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latent, 1);
        Latent = latent;
        _generator = generator;
        _discriminator = discriminator;
        register_module("generator", _generator);
        register_module("discriminator", _discriminator);
    }

    /// <summary>Size of z.</summary>
    public int Latent { get; }

    /// <inheritdoc/>
    public abstract GeneratorLoss GeneratorLoss { get; }

    /// <summary>G(z), the same as <see cref="Generate"/>.</summary>
    public override Tensor forward(Tensor z) => Generate(z);

    /// <summary>z ~ N(0, I), <c>[n, Latent]</c>, in the model's dtype and on its device.</summary>
    public Tensor SampleLatent(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return randn(n, Latent, dtype: DataType, device: Device, generator: generator);
    }

    /// <summary>G(z), differentiable in θ_g.</summary>
    /// <param name="z">Noise, <c>[batch, Latent]</c>.</param>
    public Tensor Generate(Tensor z)
    {
        RequireColumns(z, Latent, nameof(z));
        return _generator.forward(z.to_type(DataType));
    }

    /// <summary>The discriminator's logit l(x), <c>[batch]</c>, with D(x) = σ(l(x)); differentiable in θ_d and x.</summary>
    /// <param name="x">Examples, shaped as the subclass documents.</param>
    public Tensor Discriminate(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _discriminator.forward(ShapeForDiscriminator(x.to_type(DataType))).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>D(x) = σ(l(x)) ∈ (0, 1), the probability that x is real, <c>[batch]</c>, without gradients.</summary>
    public Tensor DiscriminatorProbability(Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return sigmoid(Discriminate(x)).MoveToOuterDisposeScope();
    }

    /// <summary>n draws x = G(z), z ~ N(0, I), without gradients (in whatever mode, train or eval, the module is in).</summary>
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

    /// <summary>Checks <paramref name="x"/> and reshapes it for the discriminator network.</summary>
    private protected abstract Tensor ShapeForDiscriminator(Tensor x);

    private protected ScalarType DataType => parameters().First().dtype;

    private protected Device Device => parameters().First().device;

    /// <summary>Throws unless <paramref name="t"/> is <c>[batch, columns]</c>.</summary>
    private protected static void RequireColumns(Tensor t, long columns, string name)
    {
        if (t.dim() != 2 || t.shape[1] != columns)
        {
            throw new ArgumentException($"Expected {name} of shape [batch, {columns}], got [{string.Join(", ", t.shape)}].", name);
        }
    }
}
