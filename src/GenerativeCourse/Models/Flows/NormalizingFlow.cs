using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// A normalizing flow onto a base density: an invertible f from data to base, built by the derived model
/// (<see cref="RealNvp"/>, <see cref="Maf"/>), and the change of variables
/// <code>log p(x) = log π(f(x)) + log |det ∂f/∂x| ,   sampling: x = f⁻¹(z), z ~ π</code>
/// where the base π is the standard normal N(0, I), or a learned <see cref="MixtureOfGaussiansMade"/> when the
/// derived model sets one (<see cref="MixtureBase"/>: MAF MoG, or RealNVP with <see cref="RealNvpOptions.BaseComponents"/>).
/// </summary>
/// <remarks>
/// Shapes: <see cref="LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c>, a log-density in nats per example with
/// respect to Lebesgue measure (it can be positive); <see cref="Encode"/>, <see cref="Decode"/> and
/// <c>Sample</c> give <c>[batch or n, D]</c>. Inputs are converted to the parameters' dtype.
/// </remarks>
public abstract class NormalizingFlow : nn.Module<Tensor, Tensor>, IDensityModel
{
    private FlowSequence? _flow;

    /// <param name="name">Module name, the derived model's.</param>
    /// <param name="dimensions">D, the number of variables.</param>
    protected NormalizingFlow(string name, int dimensions)
        : base(name) => Dimensions = dimensions;

    public int Dimensions { get; }

    /// <summary>The learned base density, or null for the standard normal.</summary>
    public MixtureOfGaussiansMade? MixtureBase { get; private set; }

    /// <summary>f, data to base, as one flow layer (for inspecting the latent space or checking Jacobians).</summary>
    public FlowSequence Flow => _flow ?? throw new InvalidOperationException($"{GetName()} has not set its flow layers.");

    /// <summary>log p(x), <c>[batch]</c> nats; the same as <see cref="LogProb"/>.</summary>
    public override Tensor forward(Tensor x) => LogProb(x);

    /// <inheritdoc />
    public Tensor LogProb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (z, logDet) = Flow.forward(x.to_type(DType));
        var baseLogProb = MixtureBase is null ? StandardNormalBase.LogProb(z) : MixtureBase.LogProb(z);
        return (baseLogProb + logDet).MoveToOuterDisposeScope();
    }

    /// <summary>z = f(x), the base-space code of each example, <c>[batch, D]</c>.</summary>
    public Tensor Encode(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Flow.forward(x.to_type(DType)).Z.MoveToOuterDisposeScope();
    }

    /// <summary>x = f⁻¹(z), <c>[batch, D]</c>.</summary>
    public Tensor Decode(Tensor z) => Flow.Inverse(z.to_type(DType));

    /// <inheritdoc />
    /// <remarks>z from the base, then the inverse flow.</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null) => Sample(n, 1.0, generator);

    /// <summary>
    /// Draws <paramref name="n"/> examples, <c>[n, D]</c>, from z ~ N(0, T² I) with T = <paramref name="temperature"/>
    /// (Kingma &amp; Dhariwal 2018): T &lt; 1 trades diversity for typical-looking samples; T = 1 is the model. With a
    /// <see cref="MixtureBase"/>, T scales the spread of its components instead.
    /// </summary>
    public Tensor Sample(int n, double temperature, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = parameters().First().device;
        var z = MixtureBase is null
            ? randn([n, Dimensions], DType, generator: generator).to(device) * temperature   // [n, D]
            : MixtureBase.Sample(n, temperature, generator);
        return Flow.Inverse(z).MoveToOuterDisposeScope();
    }

    /// <summary>Makes these layers, in order, the flow f and registers them as the submodule "flow".</summary>
    protected void UseFlow(IEnumerable<FlowLayer> layers)
    {
        _flow = new FlowSequence(layers);
        register_module("flow", _flow);
    }

    /// <summary>Makes <paramref name="mixture"/> the base density and registers it as the submodule "base".</summary>
    protected void UseMixtureBase(MixtureOfGaussiansMade mixture)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        MixtureBase = mixture;
        register_module("base", mixture);
    }

    private ScalarType DType => parameters().First().dtype;
}
