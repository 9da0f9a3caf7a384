using GenerativeCourse.Evaluation;
using System.Diagnostics;
using GenerativeCourse.Data;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// A <see cref="ModelRun"/> for a GAN, trained by <see cref="AdversarialTrainer"/> (one discriminator step per
/// generator step); an epoch is one pass over the real training images, one generator step per batch.
/// </summary>
/// <remarks>
/// The epoch's loss is the discriminator's −V(D, G) in nats per example (log 4 ≈ 1.386 when D cannot tell real from
/// fake). The trainer's noise generator carries over between epochs, so the checkpoint saves its state along with
/// both players' Adam states.
/// </remarks>
public sealed class AdversarialRun : ModelRun
{
    private readonly AdversarialTrainer _trainer;
    private readonly bool _conditional;

    /// <param name="entry">The catalogue entry.</param>
    /// <param name="settings">Seed and epoch size; the trainer's noise is seeded from the seed too.</param>
    /// <param name="model">The GAN, an <see cref="IAdversarialModel"/> or an <see cref="IConditionalAdversarialModel"/>.</param>
    /// <param name="options">Learning rates and β's; its seed is replaced by the run's.</param>
    /// <param name="sample">n images <c>[n, 784]</c> in [0, 1].</param>
    /// <param name="score">The FID-style score.</param>
    /// <param name="flopsPerExample">FLOPs of one training example (<see cref="FlopCount.Adversarial"/>).</param>
    public AdversarialRun(
        CatalogEntry entry,
        RunSettings settings,
        nn.Module model,
        AdversarialTrainerOptions options,
        Func<int, torch.Generator, Tensor> sample,
        Func<EvaluationSettings, QualityScore> score,
        double flopsPerExample)
        : base(entry, settings, model, sample, score, flopsPerExample)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seeded = options with { Seed = EpochSeed(settings.Seed, 0) };
        (_trainer, _conditional) = model switch
        {
            IConditionalAdversarialModel conditional => (new AdversarialTrainer(conditional, seeded), true),
            IAdversarialModel plain => (new AdversarialTrainer(plain, seeded), false),
            _ => throw new ArgumentException($"{model.GetName()} is not an adversarial model.", nameof(model)),
        };
    }

    /// <summary>
    /// Every generator step trained by this run object (losses, mean D(x) and D(G(z)) per step); empty when the run was
    /// only loaded from a checkpoint, which keeps the epochs' mean losses (<see cref="ModelRun.TrainLoss"/>) but not the steps.
    /// </summary>
    public AdversarialHistory History => _trainer.History;

    public override void Dispose()
    {
        _trainer.Dispose();
        base.Dispose();
    }

    protected override IReadOnlyList<optim.Optimizer> CheckpointOptimizers => _trainer.Optimizers;

    protected override IReadOnlyList<torch.Generator> CheckpointGenerators => [_trainer.Noise];

    protected override EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress)
    {
        var clock = Stopwatch.StartNew();
        int steps = 0;
        long examples = 0;
        double lossSum = 0;
        using var batches = EpochBatches(PixelEncoding.Grey, generator).GetEnumerator();
        DigitBatch? current = null;
        // The trainer fetches the real batch inside its step's dispose scope, which then frees it.
        DigitBatch Next() => current = batches.MoveNext() ? batches.Current : throw new InvalidOperationException("The epoch ran out of batches.");
        for (var step = 0; step < StepsPerEpoch; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var history = _conditional
                ? _trainer.Fit(() => { var b = Next(); return (b.Images, b.Labels); }, 1)
                : _trainer.Fit(() => { var b = Next(); b.Labels.Dispose(); return b.Images; }, 1);
            var record = history.Steps[^1];
            steps++;
            examples += current!.Size;
            lossSum += record.DiscriminatorLoss * current.Size;
            progress?.Invoke(new StepReport(epoch, steps, examples, record.DiscriminatorLoss, clock.Elapsed));
        }

        return new EpochReport(epoch, steps, examples, lossSum / Math.Max(1, examples), double.NaN, null, clock.Elapsed);
    }
}
