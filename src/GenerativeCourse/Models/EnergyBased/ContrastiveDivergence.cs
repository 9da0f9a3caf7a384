using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// Trains an <see cref="Rbm"/> by contrastive divergence (CD-k, Hinton 2002) or persistent contrastive divergence
/// (PCD, Tieleman 2008), with the two phases of the log-likelihood gradient written out.
/// </summary>
/// <remarks>
/// <para>For p(v) = exp(−F(v)) / Z, ∂ log p(v)/∂θ = −∂F(v)/∂θ + E_{p(v')}[∂F(v')/∂θ]. For the weights,
/// −∂F/∂W = p(h|v) vᵀ, so the gradient of the mean log-likelihood of a batch is
/// <code>⟨p(h|v) vᵀ⟩_data − ⟨p(h|v) vᵀ⟩_model   (positive phase − negative phase),</code>
/// and the same with vᵀ replaced by 1 for c and p(h|v) by 1 for b. The positive phase is exact and cheap; the
/// negative phase needs samples from the model, which we cannot draw exactly. CD-k takes them from k steps of
/// Gibbs sampling started <i>at the data</i>: cheap, low-variance, but biased — it follows the log-likelihood
/// gradient only as k → ∞. PCD keeps <see cref="ContrastiveDivergenceOptions.Chains"/> chains alive across updates;
/// when the parameters change slowly they stay near the model's distribution, so the estimate is close to
/// unbiased, at the price of chains that can lag behind a fast-moving model.</para>
/// <para>Why by hand and not by autograd: the same update is the autograd gradient of the surrogate
/// mean F(v_data) − mean F(v_chains) with the chain samples held fixed (a unit test checks that), but writing
/// the two phases out shows what the learning rule is — Hebbian statistics under the data minus the same under
/// the model — and avoids building a graph for a loss whose value means nothing (it is not a likelihood).</para>
/// <para>Update (Hinton 2010): velocity ← momentum · velocity + ε (∇ − λ W for the weights); θ ← θ + velocity.
/// Each update runs in its own dispose scope; the velocities and chains are the only tensors kept.</para>
/// </remarks>
public sealed class ContrastiveDivergence : IDisposable
{
    private readonly Rbm _rbm;
    private readonly torch.Generator? _generator;
    private readonly Tensor _velocityW;
    private readonly Tensor _velocityB;
    private readonly Tensor _velocityC;
    private readonly List<RbmEpochReport> _history = [];
    private Tensor? _chains;

    /// <param name="rbm">The model; its parameters are changed in place.</param>
    /// <param name="options">k, persistence, learning rate, momentum, weight decay; defaults when null.</param>
    /// <param name="generator">Random source of every Gibbs draw; TorchSharp's process-wide one when null.</param>
    public ContrastiveDivergence(Rbm rbm, ContrastiveDivergenceOptions? options = null, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        Options = options ?? new ContrastiveDivergenceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Steps, 1, nameof(ContrastiveDivergenceOptions.Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Chains, 1, nameof(ContrastiveDivergenceOptions.Chains));
        _rbm = rbm;
        _generator = generator;
        LearningRate = Options.LearningRate;
        Momentum = Options.Momentum;
        // Kept for the trainer's lifetime, whatever dispose scope the constructor runs in.
        _velocityW = zeros_like(rbm.Weights).detach().DetachFromDisposeScope();
        _velocityB = zeros_like(rbm.VisibleBias).detach().DetachFromDisposeScope();
        _velocityC = zeros_like(rbm.HiddenBias).detach().DetachFromDisposeScope();
    }

    public ContrastiveDivergenceOptions Options { get; }

    /// <summary>ε of the next updates; starts at <see cref="ContrastiveDivergenceOptions.LearningRate"/> (set it to decay).</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum of the next updates; starts at <see cref="ContrastiveDivergenceOptions.Momentum"/>.</summary>
    public double Momentum { get; set; }

    /// <summary>The persistent chains' visible states, <c>[Chains, V]</c> (PCD, after the first update); else null.</summary>
    public Tensor? Chains => _chains;

    /// <summary>Every epoch run so far.</summary>
    public IReadOnlyList<RbmEpochReport> History => _history;

    /// <summary>
    /// The positive-minus-negative statistics for data <paramref name="positive"/> and model samples
    /// <paramref name="negative"/> (any numbers of rows): the estimate of ∇ mean log p(v) that CD and PCD follow.
    /// </summary>
    public static RbmGradient Estimate(Rbm rbm, Tensor positive, Tensor negative)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (wPlus, bPlus, cPlus) = Statistics(rbm, positive);
        var (wMinus, bMinus, cMinus) = Statistics(rbm, negative);
        return new RbmGradient((wPlus - wMinus).MoveToOuterDisposeScope(), (bPlus - bMinus).MoveToOuterDisposeScope(), (cPlus - cMinus).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The CD-k (or PCD) gradient estimate for one batch, without changing the parameters. Advances the persistent
    /// chains when <see cref="ContrastiveDivergenceOptions.Persistent"/>.
    /// </summary>
    /// <param name="batch">Binary data, <c>[batch, V]</c>.</param>
    public RbmGradient Gradient(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var data = batch.to_type(_rbm.Weights.dtype);
        Tensor start;
        if (Options.Persistent)
        {
            // Chains start at data (the first batch's rows, repeated if needed), then never restart.
            _chains ??= data.index_select(0, arange(Options.Chains, device: data.device) % data.shape[0]).clone().DetachFromDisposeScope(); // lives as long as the trainer
            start = _chains;
        }
        else
        {
            start = data;
        }

        var (negative, _) = _rbm.Gibbs(start, Options.Steps, _generator);
        if (Options.Persistent)
        {
            _chains!.copy_(negative);
        }

        var estimate = Estimate(_rbm, data, negative);
        return new RbmGradient(estimate.Weights.MoveToOuterDisposeScope(), estimate.VisibleBias.MoveToOuterDisposeScope(), estimate.HiddenBias.MoveToOuterDisposeScope());
    }

    /// <summary>One update: θ ← θ + velocity with velocity ← momentum · velocity + ε(∇̂ − λW).</summary>
    /// <returns>The batch's reconstruction error (see <see cref="ReconstructionError"/>) before the update.</returns>
    public double Step(Tensor batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var error = ReconstructionError(_rbm, batch, _generator);
        using var gradient = Gradient(batch);
        _velocityW.mul_(Momentum).add_((gradient.Weights - (Options.WeightDecay * _rbm.Weights)) * LearningRate);
        _velocityB.mul_(Momentum).add_(gradient.VisibleBias * LearningRate);
        _velocityC.mul_(Momentum).add_(gradient.HiddenBias * LearningRate);
        _rbm.Weights.add_(_velocityW);
        _rbm.VisibleBias.add_(_velocityB);
        _rbm.HiddenBias.add_(_velocityC);
        return error;
    }

    /// <summary>One pass of <see cref="Step"/> over <paramref name="batches"/>; each batch is disposed after its step.</summary>
    /// <returns>The epoch's report, also added to <see cref="History"/>.</returns>
    public RbmEpochReport Epoch(IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var clock = Stopwatch.StartNew();
        double errorSum = 0;
        long examples = 0;
        foreach (var batch in batches)
        {
            using (batch)
            {
                errorSum += Step(batch) * batch.shape[0];
                examples += batch.shape[0];
            }
        }

        var report = new RbmEpochReport(_history.Count + 1, examples, errorSum / Math.Max(1, examples), clock.Elapsed);
        _history.Add(report);
        return report;
    }

    /// <summary>
    /// Mean over the batch of Σ_i (v_i − p(v_i = 1 | h))² with h ~ p(h|v): how well one Gibbs step returns to
    /// the data. Cheap, and what CD-1 implicitly optimises — but <b>not</b> the likelihood: a model can reconstruct
    /// well while giving its probability mass to images far from any digit (the chapter shows it).
    /// </summary>
    public static double ReconstructionError(Rbm rbm, Tensor batch, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var v = batch.to_type(rbm.Weights.dtype);
        var reconstruction = rbm.VisibleProbabilities(rbm.SampleHidden(v, generator));
        return (v - reconstruction).square().sum(1).mean().item<float>();
    }

    /// <summary>
    /// Runs the persistent chains <paramref name="steps"/> more Gibbs steps with the current parameters and
    /// returns their states (or p(v|h) of the last step with <paramref name="means"/>): samples of a PCD model.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not persistent, or no update has been made yet.</exception>
    public Tensor AdvanceChains(int steps, bool means = false)
    {
        var chains = _chains ?? throw new InvalidOperationException("There are no persistent chains: use Persistent = true and train at least one step.");
        using var scope = NewDisposeScope();
        var (states, probabilities) = _rbm.Gibbs(chains, steps, _generator);
        chains.copy_(states);
        return (means ? probabilities : states).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _velocityW.Dispose();
        _velocityB.Dispose();
        _velocityC.Dispose();
        _chains?.Dispose();
    }

    /// <summary>⟨p(h|v) vᵀ⟩, ⟨v⟩, ⟨p(h|v)⟩ over the rows: the sufficient statistics, Rao–Blackwellised over h.</summary>
    private static (Tensor W, Tensor B, Tensor C) Statistics(Rbm rbm, Tensor v)
    {
        var vs = v.to_type(rbm.Weights.dtype);
        var n = vs.shape[0];
        var ph = rbm.HiddenProbabilities(vs);                                // [n, H]
        return (ph.t().matmul(vs) / n, vs.mean([0]), ph.mean([0]));          // [H, V], [V], [H]
    }
}
