using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// The Bernoulli–Bernoulli restricted Boltzmann machine (Smolensky 1986, "harmonium"; Hinton 2002): binary visible
/// units v ∈ {0,1}^V and hidden units h ∈ {0,1}^H with the energy
/// <code>E(v, h) = −bᵀv − cᵀh − hᵀWv,   p(v, h) = exp(−E(v, h)) / Z,   Z = Σ_{v,h} exp(−E(v, h))</code>
/// and W ∈ ℝ^{H×V}, visible biases b ∈ ℝ^V, hidden biases c ∈ ℝ^H. No visible–visible or hidden–hidden weights
/// ("restricted"), so each layer is independent given the other:
/// <code>p(h_j = 1 | v) = σ(c_j + W_j·v),   p(v_i = 1 | h) = σ(b_i + W_{:,i}·h).</code>
/// Summing the hidden units out gives the free energy, with p(v) = exp(−F(v)) / Z:
/// <code>F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v)        (softplus(a) = log(1 + eᵃ)).</code>
/// </summary>
/// <remarks>
/// <para>Shapes: visible tensors are <c>[batch, V]</c>, hidden ones <c>[batch, H]</c>; <see cref="FreeEnergy"/>
/// returns <c>[batch]</c> in nats. Everything but log Z is cheap: F(v) costs one matrix product, but Z sums over
/// 2^min(V, H) terms at least, so the RBM's log-likelihood is not tractable. It does not implement
/// <see cref="IDensityModel"/>, whose LogProb promises an exact value: <see cref="LogProb(Tensor, double)"/> takes
/// log Z from <see cref="RbmPartitionFunction"/> (exact, small models) or <see cref="AnnealedImportanceSampling"/>
/// (an estimate), and the report of <see cref="RbmLikelihood"/> names which one.</para>
/// <para>Training is not back-propagation of a loss: <see cref="ContrastiveDivergence"/> applies the CD-k / PCD
/// update with its positive and negative phases written out.</para>
/// </remarks>
public sealed class Rbm : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "W")]
    private readonly Parameter _w;

    [ComponentName(Name = "b")]
    private readonly Parameter _b;

    [ComponentName(Name = "c")]
    private readonly Parameter _c;

    /// <summary>Creates the model with W ~ N(0, <see cref="RbmOptions.InitialScale"/>²) and zero biases.</summary>
    /// <param name="options">Sizes and initial scale.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Rbm(RbmOptions options, torch.Generator? generator = null)
        : base(nameof(Rbm))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Visible, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hidden, 1);
        Options = options;
        _w = nn.Parameter(randn(options.Hidden, options.Visible, generator: generator) * options.InitialScale); // [H, V]
        _b = nn.Parameter(zeros(options.Visible));                                                            // [V]
        _c = nn.Parameter(zeros(options.Hidden));                                                             // [H]
        register_parameter("W", _w);
        register_parameter("b", _b);
        register_parameter("c", _c);
    }

    public RbmOptions Options { get; }

    /// <summary>V, the number of visible units.</summary>
    public int Visible => Options.Visible;

    /// <summary>H, the number of hidden units.</summary>
    public int Hidden => Options.Hidden;

    /// <summary>W, <c>[H, V]</c>: row j is hidden unit j's "filter" over the pixels.</summary>
    public Parameter Weights => _w;

    /// <summary>b, <c>[V]</c>.</summary>
    public Parameter VisibleBias => _b;

    /// <summary>c, <c>[H]</c>.</summary>
    public Parameter HiddenBias => _c;

    /// <summary>The free energy F(v) of each row, <c>[batch]</c>, in nats (see <see cref="FreeEnergy"/>).</summary>
    public override Tensor forward(Tensor v) => FreeEnergy(v);

    /// <summary>E(v, h) = −bᵀv − cᵀh − hᵀWv for each row pair, <c>[batch]</c>.</summary>
    public Tensor Energy(Tensor v, Tensor h)
    {
        using var scope = NewDisposeScope();
        var vs = v.to_type(_w.dtype);
        var hs = h.to_type(_w.dtype);
        var interaction = (hs.matmul(_w) * vs).sum(1);                        // hᵀWv, [batch]
        return (-vs.matmul(_b) - hs.matmul(_c) - interaction).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// F(v) = −bᵀv − Σ_j softplus(c_j + W_j·v) = −log Σ_h exp(−E(v, h)), <c>[batch]</c>. Differentiable.
    /// </summary>
    public Tensor FreeEnergy(Tensor v)
    {
        RequireVisible(v);
        using var scope = NewDisposeScope();
        var vs = v.to_type(_w.dtype);
        var hiddenInput = nn.functional.linear(vs, _w, _c);                  // c + Wv, [batch, H]
        return (-vs.matmul(_b) - nn.functional.softplus(hiddenInput).sum(1)).MoveToOuterDisposeScope();
    }

    /// <summary>−F(v) = log p(v) + log Z, the log-probability up to the unknown constant, <c>[batch]</c>.</summary>
    public Tensor UnnormalisedLogProb(Tensor v) => FreeEnergy(v).neg();

    /// <summary>
    /// log p(v) = −F(v) − log Z in nats per example, <c>[batch]</c>, given log Z. Exact only if
    /// <paramref name="logPartition"/> is; with an AIS estimate it inherits the estimate's error (the same
    /// constant for every example).
    /// </summary>
    public Tensor LogProb(Tensor v, double logPartition) => FreeEnergy(v).neg() - logPartition;

    /// <summary>p(h = 1 | v) = σ(c + Wv), <c>[batch, H]</c>.</summary>
    public Tensor HiddenProbabilities(Tensor v) => sigmoid(nn.functional.linear(v.to_type(_w.dtype), _w, _c));

    /// <summary>p(v = 1 | h) = σ(b + Wᵀh), <c>[batch, V]</c>.</summary>
    public Tensor VisibleProbabilities(Tensor h) => sigmoid(h.to_type(_w.dtype).matmul(_w) + _b);

    /// <summary>A draw h ~ p(h | v), 0/1 in the model's dtype, <c>[batch, H]</c>.</summary>
    public Tensor SampleHidden(Tensor v, torch.Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return bernoulli(HiddenProbabilities(v), generator).MoveToOuterDisposeScope();
    }

    /// <summary>A draw v ~ p(v | h), 0/1 in the model's dtype, <c>[batch, V]</c>.</summary>
    public Tensor SampleVisible(Tensor h, torch.Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return bernoulli(VisibleProbabilities(h), generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="steps"/> steps of block Gibbs sampling, v → h ~ p(h|v) → v' ~ p(v|h), from
    /// <paramref name="start"/>. The chain's stationary distribution is p(v, h): every step updates one whole layer
    /// from its exact conditional.
    /// </summary>
    /// <param name="start">Initial visible states, <c>[chains, V]</c>.</param>
    /// <param name="steps">Number of full steps; 0 returns a copy of the start.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    /// <returns>The visible states after the last step and p(v | h) of that step (the start itself for 0 steps),
    /// both <c>[chains, V]</c>, without gradients.</returns>
    public (Tensor States, Tensor Probabilities) Gibbs(Tensor start, int steps, torch.Generator? generator = null)
    {
        RequireVisible(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var v = start.to_type(_w.dtype).clone();
        var probabilities = v.clone();
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var h = SampleHidden(v, generator);
            var p = VisibleProbabilities(h);
            var next = bernoulli(p, generator);
            v.copy_(next);
            probabilities.copy_(p);
        }

        return (v.MoveToOuterDisposeScope(), probabilities.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// <paramref name="n"/> samples from new Gibbs chains started at independent pixels drawn from σ(b) (the
    /// visible biases alone) and run for <paramref name="steps"/> steps. Only approximately from p(v): the chain
    /// must mix, which for a trained model may take thousands of steps. Persistent chains kept by a trainer are
    /// sampled with <see cref="ContrastiveDivergence.AdvanceChains"/>.
    /// </summary>
    /// <param name="n">Number of chains (samples).</param>
    /// <param name="steps">Gibbs steps per chain.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    /// <param name="means">Return p(v | h) of the last step (smoother pictures) instead of binary states.</param>
    /// <returns><c>[n, V]</c>, without gradients.</returns>
    public Tensor Sample(int n, int steps, torch.Generator? generator = null, bool means = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var start = bernoulli(sigmoid(_b.detach()).expand(n, Visible), generator);
        var (states, probabilities) = Gibbs(start, steps, generator);
        return (means ? probabilities : states).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets b to the log-odds of each pixel's frequency in <paramref name="data"/>, log(p_i / (1 − p_i)), with p_i
    /// clamped to [10⁻³, 1 − 10⁻³]: Hinton's (2010, §8) recommended start, which makes the RBM with W = 0 the
    /// independent-pixel model of chapter 02, so training spends no effort on the average image.
    /// </summary>
    /// <param name="data">Binary (or grey) examples, <c>[n, V]</c>.</param>
    public void SetVisibleBiasToLogOdds(Tensor data)
    {
        RequireVisible(data);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var p = data.to_type(_w.dtype).mean([0]).clamp(1e-3, 1 - 1e-3);
        _b.copy_(p.log() - (1 - p).log());
    }

    private void RequireVisible(Tensor v)
    {
        if (v.dim() != 2 || v.shape[1] != Visible)
        {
            throw new ArgumentException(
                $"Expected visible units of shape [batch, {Visible}], got [{string.Join(", ", v.shape)}]. Flatten images first.", nameof(v));
        }
    }
}
