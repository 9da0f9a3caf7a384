using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// A <see cref="ModelRun"/> for a class-conditional <see cref="Ddpm"/>: L_simple on 8-bit digits scaled to [−1, 1],
/// with each label replaced by the null label ∅ at the model's rate (so one network is both the conditional and the
/// unconditional model of classifier-free guidance), and an exponential moving average of the weights
/// (<see cref="ExponentialMovingAverage"/>) that samples and scores.
/// </summary>
/// <remarks>
/// <para>The module (what a checkpoint holds) is the pair: "model", trained by Adam, and "average", θ̄. The
/// catalogue's <see cref="ModelRun.SampleImages"/> draws unconditional samples with DDIM (Song et al. 2021, η = 0) in
/// <see cref="SamplingSteps"/> steps; the chapter also runs the 1,000-step ancestral chain.</para>
/// <para>The validation loss is L_simple of the average on the validation images with their labels, t, ε and the label
/// dropout drawn from one fixed seed, so epochs are compared on identical draws.</para>
/// </remarks>
public sealed class DiffusionRun : ModelRun
{
    /// <summary>DDIM steps of the catalogue's sampler (Song et al.'s Table 1 reports FID against 10 to 1,000 steps).</summary>
    public const int SamplingSteps = 50;

    private readonly Trainer _trainer;
    private readonly ExponentialMovingAverage _average;

    /// <param name="entry">The catalogue entry.</param>
    /// <param name="settings">Seed and epoch size.</param>
    /// <param name="pair">The trained model and its average, built from the same options and seed.</param>
    /// <param name="optimiser">Adam's settings, from the recipe.</param>
    /// <param name="averageDecay">d of the moving average.</param>
    /// <param name="flopsPerExample">FLOPs of one training example.</param>
    public DiffusionRun(CatalogEntry entry, RunSettings settings, DdpmPair pair, Adam optimiser, double averageDecay, double flopsPerExample)
        : base(entry, settings, pair, (n, g) => Sample(pair.Average, n, g), s => Score(pair.Average, s), flopsPerExample)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        Model = pair.Model;
        Average = pair.Average;
        _average = new ExponentialMovingAverage(Model, Average, averageDecay);
        _trainer = optimiser.CreateTrainer(Model);
    }

    /// <summary>The model Adam trains.</summary>
    public Ddpm Model { get; }

    /// <summary>Its moving average θ̄: the model to sample and score.</summary>
    public Ddpm Average { get; }

    /// <summary>The parameters of one DDPM (the average holds as many again).</summary>
    public override long ParameterCount => Model.parameters().Sum(p => p.numel());

    public override void Dispose()
    {
        _trainer.Dispose();
        base.Dispose();
    }

    protected override IReadOnlyList<optim.Optimizer> CheckpointOptimizers => [_trainer.Optimizer];

    protected override void OnRestored(int epoch) => _trainer.RestoreCompletedEpochs(epoch);

    protected override EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress)
    {
        _trainer.RequireNextEpoch(epoch);

        // The trainer asks for a batch's images and then for its loss; the labels wait here in between.
        Tensor? labels = null;
        Tensor Images(DigitBatch batch)
        {
            labels?.Dispose();
            labels = batch.Labels;
            using var bytes = batch.Images;
            return Model.ExamplesFromBytes(bytes);
        }

        try
        {
            return _trainer.RunEpoch(
                EpochBatches(PixelEncoding.Raw, generator).Select(Images),
                x => Model.Loss(x, labels, generator),
                step =>
                {
                    _average.Update();
                    progress?.Invoke(step);
                },
                cancellation);
        }
        finally
        {
            labels?.Dispose();
        }
    }

    protected override double? Validate()
    {
        using var images = ValidationBatch(PixelEncoding.Raw);
        using var labels = Mnist.Validation.LabelTensor().narrow(0, 0, images.shape[0]);
        using var generator = new torch.Generator(StaticBinarization.Seed);
        return ValidationMean(images.shape[0], (start, size) =>
            Average.Loss(Average.ExamplesFromBytes(images.narrow(0, start, size)), labels.narrow(0, start, size), generator));
    }

    /// <summary>n unconditional DDIM samples (no labels: the null label ∅), <c>[n, 784]</c> in [0, 1], 100 at a time.</summary>
    private static Tensor Sample(Ddpm model, int n, torch.Generator generator)
    {
        var parts = new List<Tensor>();
        for (var start = 0; start < n; start += 100)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(100, n - start);
            var x = model.SampleDdim(count, SamplingSteps, generator: generator, clipDenoised: true);   // no labels: ∅
            parts.Add(Ddpm.ToGrey(x).MoveToOuterDisposeScope());
        }

        var all = cat(parts);
        parts.ForEach(p => p.Dispose());
        return all;
    }

    private static QualityScore Score(Ddpm model, EvaluationSettings settings) =>
        TestSplitScores.DiffusionBound(model, settings.TestImages, settings.BoundStrata, settings.Seed);
}

/// <summary>The module of a <see cref="DiffusionRun"/>: the trained DDPM ("model") and its moving average ("average").</summary>
public sealed class DdpmPair : nn.Module
{
    /// <param name="options">The DDPM's definition.</param>
    /// <param name="seed">Seeds the weights; the average starts as a copy of them.</param>
    public DdpmPair(DdpmModelOptions options, ulong seed)
        : base(nameof(DdpmPair))
    {
        ArgumentNullException.ThrowIfNull(options);
        using (var init = new torch.Generator(seed))
        {
            Model = options.Build(init);
        }

        using (var unused = new torch.Generator(seed))   // overwritten by the copy; seeded so nothing global is drawn
        {
            Average = options.Build(unused);
        }

        register_module("model", Model);
        register_module("average", Average);
    }

    public Ddpm Model { get; }

    public Ddpm Average { get; }
}
