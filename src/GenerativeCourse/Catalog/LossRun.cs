using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// A <see cref="ModelRun"/> trained by the course's <see cref="Trainer"/> on one loss: −mean log p(x) for the exact
/// density models and flows, −mean ELBO for the VAE.
/// </summary>
/// <remarks>The loss receives the epoch's generator, the source of any noise it needs (ε, dequantization), so
/// that epoch k is a function of (seed, k) alone, and the step number for schedules (<see cref="LossStep"/>).</remarks>
public sealed class LossRun : ModelRun
{
    private readonly Trainer _trainer;
    private readonly PixelEncoding _encoding;
    private readonly Func<Tensor, LossStep, Tensor> _loss;

    /// <param name="entry">The catalogue entry.</param>
    /// <param name="settings">Seed and epoch size.</param>
    /// <param name="module">The model, already initialised from the seed.</param>
    /// <param name="loss">Scalar loss of a batch given the epoch's generator and the step (<see cref="LossStep"/>).</param>
    /// <param name="encoding">How training images are encoded (dynamic binarization, raw bytes for flows).</param>
    /// <param name="sample">n images <c>[n, 784]</c> in [0, 1].</param>
    /// <param name="score">The test-split quality number.</param>
    /// <param name="flopsPerExample">FLOPs of one training example (<see cref="FlopCount"/>).</param>
    /// <param name="optimiser">Adam's settings, from the recipe.</param>
    public LossRun(
        CatalogEntry entry,
        RunSettings settings,
        nn.Module module,
        Func<Tensor, LossStep, Tensor> loss,
        PixelEncoding encoding,
        Func<int, torch.Generator, Tensor> sample,
        Func<EvaluationSettings, QualityScore> score,
        double flopsPerExample,
        Adam optimiser)
        : base(entry, settings, module, sample, score, flopsPerExample)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimiser);
        _encoding = encoding;
        _loss = loss;
        _trainer = optimiser.CreateTrainer(module);
    }

    /// <summary>
    /// The run of an exact density model of binary images (FVSBN, NADE, MADE, PixelCNN): −mean log p(x) on dynamically
    /// binarized digits, sampled by its own <see cref="IDensityModel.Sample"/>, scored by its exact test NLL on the
    /// static binarization (<see cref="TestScores.ExactNll"/>, <paramref name="scoreBatchSize"/> images at a time).
    /// </summary>
    public static LossRun ForBinaryDensity<TModel>(
        CatalogEntry entry,
        RunSettings settings,
        TModel model,
        double flopsPerExample,
        Adam optimiser,
        int scoreBatchSize = 500)
        where TModel : nn.Module, IDensityModel =>
        new(entry, settings, model,
            (x, _) => -model.LogProb(x).mean(),
            PixelEncoding.DynamicBinary,
            model.Sample,
            s => TestScores.ExactNll(model, s, scoreBatchSize),
            flopsPerExample,
            optimiser);

    public override void Dispose()
    {
        _trainer.Dispose();
        base.Dispose();
    }

    protected override IReadOnlyList<optim.Optimizer> CheckpointOptimizers => [_trainer.Optimizer];

    /// <summary>
    /// One <see cref="Trainer.RunEpoch"/> whose loss sees the epoch's generator and the step counted over the whole run:
    /// (epoch − 1) · <see cref="ModelRun.StepsPerEpoch"/> + the step in the epoch, from 1 (<see cref="LossStep"/>).
    /// </summary>
    protected override EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress)
    {
        _trainer.RequireNextEpoch(epoch);

        var step = (long)(epoch - 1) * StepsPerEpoch;
        return _trainer.RunEpoch(
            EpochBatches(_encoding, generator).Select(ImagesOnly),
            batch => _loss(batch, new LossStep(generator, ++step)),
            progress,
            cancellation);
    }

    protected override void OnRestored(int epoch) => _trainer.RestoreCompletedEpochs(epoch);

    /// <summary>
    /// The loss's objective on the validation images (no step, so no schedule: <see cref="LossStep.Step"/>), with the
    /// same noise every epoch (ε of a VAE, the dequantization of a flow drawn from one fixed seed), so that epochs are
    /// compared on identical terms: for the exact models the validation NLL in nats per image, for a VAE −ELBO (also
    /// during a KL warm-up), for a flow −log p of dequantized bytes.
    /// </summary>
    protected override double? Validate()
    {
        using var images = ValidationBatch(_encoding);
        using var generator = new torch.Generator(Data.StaticBinarization.Seed);
        return ValidationMean(images.shape[0], (start, size) => _loss(images.narrow(0, start, size), new LossStep(generator, Step: null)));
    }

    private static Tensor ImagesOnly(DigitBatch batch)
    {
        batch.Labels.Dispose();
        return batch.Images;
    }
}
