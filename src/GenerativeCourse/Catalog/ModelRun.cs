using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// One catalogue model being trained: the module, its optimiser(s), its epoch count, and the verbs that
/// <c>gencourse train</c>, <c>gencourse bench</c> and chapter 06 need — train one epoch, save or load a checkpoint,
/// sample images, score on the test split, count the FLOPs of a training step. Made by <see cref="CatalogEntry.Create(RunSettings)"/>.
/// </summary>
/// <remarks>
/// <para>Reproducibility: the weights come from <see cref="RunSettings.Seed"/>; the shuffle, the dynamic binarization
/// and any training noise (a VAE's ε, a flow's dequantization) of epoch k come from one generator seeded with
/// <see cref="EpochSeed"/>(seed, k). So the data stream of an epoch does not depend on what ran before it, and a run
/// resumed from the checkpoint of epoch k continues exactly as the uninterrupted run did. State that does carry over
/// between epochs (a GAN trainer's noise generator) is listed in <see cref="CheckpointGenerators"/>.</para>
/// </remarks>
public abstract partial class ModelRun : IDisposable
{
    private readonly List<double> _trainLoss = [];
    private readonly List<double> _validation = [];
    private readonly Func<int, torch.Generator, Tensor> _sample;
    private readonly Func<EvaluationSettings, QualityScore> _score;

    /// <param name="entry">The catalogue entry.</param>
    /// <param name="settings">Seed and epoch size.</param>
    /// <param name="module">The model (for a GAN, both players), already initialised from the seed.</param>
    /// <param name="sample">n images <c>[n, 784]</c> in [0, 1]; called without gradients in evaluation mode.</param>
    /// <param name="score">The test-split quality number; called without gradients, in evaluation mode, inside a dispose scope.</param>
    /// <param name="flopsPerExample">FLOPs of one training example (<see cref="FlopCount"/>).</param>
    protected ModelRun(
        CatalogEntry entry,
        RunSettings settings,
        nn.Module module,
        Func<int, torch.Generator, Tensor> sample,
        Func<EvaluationSettings, QualityScore> score,
        double flopsPerExample)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(score);
        if (settings.ExamplesPerEpoch is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ExamplesPerEpoch, "ExamplesPerEpoch must be positive.");
        }

        Entry = entry;
        Settings = settings;
        Module = module;
        _sample = sample;
        _score = score;
        TrainingFlopsPerExample = flopsPerExample;
        var budget = entry.Recipe.Budgets[settings.Profile];
        Budget = settings.ExamplesPerEpoch is { } examples ? budget with { ExamplesPerEpoch = examples } : budget;
    }

    public CatalogEntry Entry { get; }

    /// <summary>The deterministic map z → image that the perceptual path length walks (a GAN's generator, a VAE's
    /// decoder mean); null for models without a Gaussian latent code.</summary>
    public LatentGenerator? Latent { get; init; }

    public RunSettings Settings { get; }

    /// <summary>The budget of <see cref="RunSettings.Profile"/>, with <see cref="RunSettings.ExamplesPerEpoch"/> applied.</summary>
    public Budget Budget { get; }

    /// <summary>Epochs the budget trains: what <see cref="TrainingSession.LoadOrTrain"/> trains to.</summary>
    public int Epochs => Budget.Epochs;

    /// <summary>
    /// The recipe's <see cref="Recipe.Text"/> plus the epoch size when it is not the whole split and the budget's
    /// early-stopping rule when it has one: the text a checkpoint of this run carries, since a smaller epoch changes every
    /// later epoch's data and a rule changes which epoch's model is kept. A budget without a rule adds nothing.
    /// </summary>
    public virtual string OptionsText
    {
        get
        {
            var text = ExamplesPerEpoch < Mnist.TrainCount
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Entry.Recipe.Text}; {ExamplesPerEpoch:N0} examples per epoch")
                : Entry.Recipe.Text;
            return EarlyStoppingRule is { } rule ? $"{text}; {rule.Text}" : text;
        }
    }

    /// <summary>Examples per training step.</summary>
    public int BatchSize => Entry.Recipe.BatchSize;

    /// <summary>The model (for a GAN, both players).</summary>
    public nn.Module Module { get; }

    /// <summary>Epochs finished, including those restored from a checkpoint.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Mean training loss of every completed epoch (restored ones included), in the loss's units (nats per example; for a GAN the discriminator's −V).</summary>
    public IReadOnlyList<double> TrainLoss => _trainLoss;

    /// <summary>
    /// The validation loss after every completed epoch (restored ones included), in the training loss's units, on the
    /// first <see cref="Budget.ValidationImages"/> validation images with fixed noise (<see cref="Validate"/>); NaN for
    /// models without one (GANs, the RBM).
    /// </summary>
    public IReadOnlyList<double> ValidationLoss => _validation;

    /// <summary>Validation images scored after every epoch.</summary>
    public int ValidationImages => Math.Min(Budget.ValidationImages ?? Mnist.ValidationCount, Mnist.ValidationCount);

    /// <summary>Steps of one epoch.</summary>
    public int StepsPerEpoch => (ExamplesPerEpoch + BatchSize - 1) / BatchSize;

    /// <summary>Training examples of one epoch.</summary>
    public int ExamplesPerEpoch => Budget.ExamplesOfEpoch(Mnist.TrainCount);

    /// <summary>Trainable parameters.</summary>
    public virtual long ParameterCount => Module.parameters().Sum(p => p.numel());

    /// <summary>
    /// Floating-point operations of one training example (forward and backward pass, optimiser excluded); see
    /// <see cref="FlopCount"/> for how each model counts them.
    /// </summary>
    public double TrainingFlopsPerExample { get; }

    /// <summary>The checkpoint file of this model and profile in <paramref name="folder"/>: <c>folder/nade-default.ckpt</c>.</summary>
    public string CheckpointPath(string folder) => Path.Combine(folder, Entry.CheckpointFileName(Settings.Profile));

    /// <summary>Seed of the generator of epoch <paramref name="epoch"/>: a SplitMix64 hash of (seed, epoch).</summary>
    public static ulong EpochSeed(ulong seed, int epoch) => new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)epoch)).NextUInt64();

    /// <summary>
    /// Trains epoch <see cref="CompletedEpochs"/> + 1. On cancellation the epoch is abandoned (the parameters are
    /// part-way through it), <see cref="CompletedEpochs"/> stays, and <see cref="OperationCanceledException"/> is thrown:
    /// keep the last checkpoint rather than saving this state.
    /// </summary>
    /// <param name="cancellation">Checked before every step.</param>
    /// <param name="progress">Called after every step.</param>
    /// <exception cref="InvalidOperationException">Training finished by the early-stopping rule (<see cref="FinishedAtBestEpoch"/>).</exception>
    public EpochReport TrainEpoch(CancellationToken cancellation = default, Action<StepReport>? progress = null)
    {
        ThrowIfFinished();
        var epoch = CompletedEpochs + 1;
        using var generator = new torch.Generator(EpochSeed(Settings.Seed, epoch));
        var report = RunEpoch(epoch, generator, cancellation, progress);
        report = report with { Validation = Validated() };
        _trainLoss.Add(report.TrainLoss);
        _validation.Add(report.Validation ?? double.NaN);
        CompletedEpochs = epoch;
        return AfterEpoch(report);
    }

    /// <summary>Writes a checkpoint of the current state (atomically).</summary>
    /// <remarks>Under an early-stopping rule, the best epoch's weights are also kept beside it until training finishes
    /// (<see cref="BestWeightsPath"/>), so that a resumed run still ends with them.</remarks>
    public void SaveCheckpoint(string path)
    {
        var metadata = new CheckpointMetadata(Entry.Name, OptionsText, Settings.Seed, CompletedEpochs, _trainLoss.ToArray(),
            CheckpointMetadata.CurrentLibraryVersion, DateTimeOffset.UtcNow, _validation.ToArray(), FinishedAtBestEpoch);
        Checkpoint.Save(path, metadata, Module, CheckpointOptimizers, CheckpointGenerators);
        SaveBestWeights(path, metadata);
    }

    /// <summary>
    /// Restores a checkpoint of this model and options; training then continues with the next epoch. The seed of the
    /// file must match <see cref="RunSettings.Seed"/>, since later epochs' data derive from it.
    /// </summary>
    /// <exception cref="CheckpointException">Missing, damaged, or of another model, options or seed.</exception>
    public CheckpointMetadata LoadCheckpoint(string path)
    {
        var metadata = Checkpoint.ReadMetadata(path);
        if (metadata.Model == Entry.Name && metadata.Seed != Settings.Seed)
        {
            throw new CheckpointException(path, $"this checkpoint was trained with seed {metadata.Seed}, this run has seed {Settings.Seed}; resume with --seed {metadata.Seed}.");
        }

        metadata = Checkpoint.Load(path, Entry.Name, OptionsText, Module, CheckpointOptimizers, CheckpointGenerators);
        CompletedEpochs = metadata.Epoch;
        _trainLoss.Clear();
        _trainLoss.AddRange(metadata.TrainLoss);
        _validation.Clear();
        _validation.AddRange(metadata.Validation ?? metadata.TrainLoss.Select(_ => double.NaN));
        OnRestored(metadata.Epoch);
        RestoreBestWeights(path, metadata);
        return metadata;
    }

    /// <summary>
    /// n images from the model as float32 <c>[n, 784]</c> in [0, 1] (binary for the binary models), without gradients,
    /// in evaluation mode.
    /// </summary>
    public Tensor SampleImages(int n, torch.Generator generator) => InEvaluationMode(() => _sample(n, generator));

    /// <summary>The model's quality number on the test split (see <see cref="CatalogEntry.Metric"/>), in evaluation mode.</summary>
    public QualityScore Evaluate(EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return InEvaluationMode(() =>
        {
            using var scope = NewDisposeScope();
            return _score(settings);
        });
    }

    public virtual void Dispose()
    {
        DisposeBestWeights();
        Module.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The validation loss of the current parameters, or null for a model without one; called after every epoch in
    /// evaluation mode, without gradients, inside a dispose scope.
    /// </summary>
    protected virtual double? Validate() => null;

    /// <summary>The first <see cref="ValidationImages"/> validation images, encoded for evaluation: the static
    /// binarization for a model trained on dynamic ones, the encoding itself otherwise. The caller owns the tensor.</summary>
    protected Tensor ValidationBatch(PixelEncoding trainingEncoding)
    {
        var encoding = trainingEncoding == PixelEncoding.DynamicBinary ? PixelEncoding.StaticBinary : trainingEncoding;
        using var all = Mnist.Validation.Images(encoding);
        return all.narrow(0, 0, ValidationImages).clone();
    }

    /// <summary>
    /// The example-weighted mean of a batch-mean loss over <paramref name="count"/> validation examples, taken
    /// <see cref="BatchSize"/> at a time, each batch in its own dispose scope.
    /// </summary>
    /// <param name="count">Examples to validate on.</param>
    /// <param name="batchLoss">(first example, batch size) ↦ the scalar mean loss of that slice.</param>
    protected double ValidationMean(long count, Func<long, long, Tensor> batchLoss)
    {
        ArgumentNullException.ThrowIfNull(batchLoss);
        double sum = 0;
        for (long start = 0; start < count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(BatchSize, count - start);
            sum += batchLoss(start, size).to_type(ScalarType.Float64).item<double>() * size;
        }

        return sum / count;
    }

    private double? Validated() => InEvaluationMode(() =>
    {
        using var scope = NewDisposeScope();
        return Validate();
    });

    /// <summary>Runs <paramref name="work"/> in evaluation mode without gradients, then restores the module's mode.</summary>
    private T InEvaluationMode<T>(Func<T> work)
    {
        var training = Module.training;
        Module.eval();
        try
        {
            using var noGrad = no_grad();
            return work();
        }
        finally
        {
            Module.train(training);
        }
    }

    /// <summary>Optimisers whose state a checkpoint holds, in a fixed order.</summary>
    protected abstract IReadOnlyList<optim.Optimizer> CheckpointOptimizers { get; }

    /// <summary>Generators whose state carries over between epochs; none for most models.</summary>
    protected virtual IReadOnlyList<torch.Generator> CheckpointGenerators => [];

    /// <summary>One epoch over the training split with <paramref name="generator"/> as the epoch's only random source.</summary>
    protected abstract EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress);

    /// <summary>Called after a checkpoint of <paramref name="epoch"/> epochs was loaded.</summary>
    protected virtual void OnRestored(int epoch)
    {
    }

    /// <summary>The training split's batches of one epoch, stopping after <see cref="ExamplesPerEpoch"/> examples.</summary>
    protected IEnumerable<DigitBatch> EpochBatches(PixelEncoding encoding, torch.Generator generator)
    {
        var seen = 0;
        // Checked before MoveNext, which makes (and binarizes) the next batch.
        using var batches = Mnist.Train.Batches(BatchSize, encoding, shuffle: true, generator).GetEnumerator();
        while (seen < ExamplesPerEpoch && batches.MoveNext())
        {
            seen += batches.Current.Size;
            yield return batches.Current;
        }
    }
}
