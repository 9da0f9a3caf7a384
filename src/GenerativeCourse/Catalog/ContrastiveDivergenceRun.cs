using GenerativeCourse.Evaluation;
using System.Diagnostics;
using GenerativeCourse.Data;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// A <see cref="ModelRun"/> for a Bernoulli <see cref="Rbm"/> trained by CD-k (<see cref="ContrastiveDivergence"/>):
/// no loss is differentiated; each step adds ε(⟨p(h|v) vᵀ⟩_data − ⟨p(h|v) vᵀ⟩_CD-k − λW) to the weights, with momentum.
/// </summary>
/// <remarks>
/// <para>Learning rate: ε of epoch e is ε₀ (1 − (e − 1)/E) with E = <see cref="ModelRun.Epochs"/>, the budget's
/// epochs: the linear decay of chapter 07 (Tieleman 2008); epochs past E train with ε = 0.</para>
/// <para>Exact resumption: every Gibbs draw, the shuffle and the dynamic binarization of epoch e come from the epoch's
/// generator, and a fresh <see cref="ContrastiveDivergence"/> is made for each epoch, so its momentum buffers start
/// at zero at every epoch boundary. The state that carries over between epochs is then the weights alone, which the
/// checkpoint holds; nothing else (no optimiser, no generator) needs saving. Chapter 07 keeps the velocity across
/// epochs instead; with momentum 0.5 a velocity halves every step, so the difference is confined to the first few
/// of an epoch's 80 updates.</para>
/// <para>PCD is not offered: its persistent chains carry over epochs too and would have to be checkpointed.</para>
/// <para><see cref="ModelRun.TrainLoss"/> holds the epochs' mean reconstruction errors Σ_i (v_i − p(v_i|h))² per
/// image: what CD reports cheaply, <b>not</b> a log-likelihood (see <see cref="ContrastiveDivergence.ReconstructionError"/>).</para>
/// </remarks>
public sealed class ContrastiveDivergenceRun : ModelRun
{
    private readonly Rbm _rbm;
    private readonly ContrastiveDivergenceOptions _options;

    /// <param name="entry">The catalogue entry.</param>
    /// <param name="settings">Profile (whose epochs set the decay), seed and epoch size.</param>
    /// <param name="rbm">The model, already initialised from the seed.</param>
    /// <param name="options">k, ε₀, momentum, weight decay; must not be persistent.</param>
    /// <param name="sample">n images <c>[n, 784]</c>, binary.</param>
    /// <param name="score">The test-split quality number (an AIS estimate).</param>
    /// <param name="flopsPerExample">FLOPs of one training example (<see cref="FlopCount.ContrastiveDivergence"/>).</param>
    public ContrastiveDivergenceRun(
        CatalogEntry entry,
        RunSettings settings,
        Rbm rbm,
        ContrastiveDivergenceOptions options,
        Func<int, torch.Generator, Tensor> sample,
        Func<EvaluationSettings, QualityScore> score,
        double flopsPerExample)
        : base(entry, settings, rbm, sample, score, flopsPerExample)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Persistent)
        {
            throw new ArgumentException("Persistent CD keeps chains across epochs, which this run does not checkpoint; use CD-k.", nameof(options));
        }

        _rbm = rbm;
        _options = options;
    }

    /// <summary>ε of epoch <paramref name="epoch"/>: ε₀ (1 − (epoch − 1)/E), not below 0.</summary>
    public double LearningRate(int epoch) =>
        _options.LearningRate * Math.Max(0, 1 - ((epoch - 1.0) / Epochs));

    /// <summary>The recipe's text and the decay's length, which changes every epoch's ε.</summary>
    public override string OptionsText => $"{base.OptionsText}; ε decays linearly over {Epochs} epochs";

    protected override IReadOnlyList<optim.Optimizer> CheckpointOptimizers => [];

    protected override EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress)
    {
        var clock = Stopwatch.StartNew();
        using var trainer = new ContrastiveDivergence(_rbm, _options, generator) { LearningRate = LearningRate(epoch) };
        int steps = 0;
        long examples = 0;
        double errorSum = 0;
        foreach (var batch in EpochBatches(PixelEncoding.DynamicBinary, generator))
        {
            using (batch.Images)
            using (batch.Labels)
            {
                cancellation.ThrowIfCancellationRequested();
                var error = trainer.Step(batch.Images);   // its own dispose scope
                steps++;
                examples += batch.Size;
                errorSum += error * batch.Size;
                progress?.Invoke(new StepReport(epoch, steps, examples, error, clock.Elapsed));
            }
        }

        return new EpochReport(epoch, steps, examples, errorSum / Math.Max(1, examples), double.NaN, null, clock.Elapsed);
    }
}
