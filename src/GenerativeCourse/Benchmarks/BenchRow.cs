using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Benchmarks;

/// <summary>One model's line of the benchmark.</summary>
/// <param name="Model">Catalogue name.</param>
/// <param name="Title">Model and paper.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="BatchSize">Examples per training step.</param>
/// <param name="TrainExamplesPerSecond">Median over the timed epochs of examples / wall time of the epoch's steps.</param>
/// <param name="TimedEpochs">Epochs in that median.</param>
/// <param name="TrainFlopsPerExample">Analytic FLOPs of one training example (<see cref="FlopCount"/>).</param>
/// <param name="SamplesPerSecond">Images drawn per second, one batch of <paramref name="SamplesDrawn"/>, after a warm-up draw.</param>
/// <param name="SamplesDrawn">Images in the timed draw.</param>
/// <param name="PeakWorkingSetBytes">Peak resident memory of the process while this model was built, trained, sampled and scored.</param>
/// <param name="PeakIsPerModel">Whether the peak was reset before this model (Linux); otherwise it is the process's peak so far.</param>
/// <param name="Quality">The model's own test number (NLL, IWAE bound, bits/dim, or FID-style for GANs).</param>
/// <param name="Frechet">FID-style score of its samples where the quality is a likelihood; null when too few samples were drawn.</param>
/// <param name="EpochsTrained">Epochs behind the quality numbers.</param>
/// <param name="QualitySource">"trained here" or the checkpoint it was scored from.</param>
/// <param name="Seconds">Wall time of this model's whole benchmark.</param>
/// <param name="Options">The run's options text (<see cref="ModelRun.OptionsText"/>, beginning with its recipe's
/// <see cref="Recipe.Text"/>); null in reports written before it was recorded.</param>
/// <param name="Kid">KID of the same samples against as many test images (<see cref="SampleScores"/>); null where
/// <paramref name="Frechet"/> would be (too few samples) and in older reports.</param>
/// <param name="Precision">Improved precision (k = 3) of those samples; null likewise.</param>
/// <param name="Recall">Improved recall (k = 3); null likewise.</param>
/// <param name="PathLength">Perceptual path length of the model's latent generator (<see cref="ModelRun.Latent"/>),
/// squared feature units; null for models without one.</param>
public sealed record BenchRow(
    string Model,
    string Title,
    long Parameters,
    int BatchSize,
    double TrainExamplesPerSecond,
    int TimedEpochs,
    double TrainFlopsPerExample,
    double SamplesPerSecond,
    int SamplesDrawn,
    long PeakWorkingSetBytes,
    bool PeakIsPerModel,
    QualityScore Quality,
    QualityScore? Frechet,
    int EpochsTrained,
    string QualitySource,
    double Seconds,
    string? Options = null,
    double? Kid = null,
    double? Precision = null,
    double? Recall = null,
    double? PathLength = null)
{
    /// <summary>Whether this row was measured with the recipe the catalogue has now (false for unknown models and
    /// for reports that did not record the options).</summary>
    public bool HasCurrentRecipe => ModelCatalog.Find(Model) is { } entry && Options is { } options &&
        options.StartsWith(entry.Recipe.Text, StringComparison.Ordinal);

    /// <summary>Achieved training throughput in 10⁹ FLOP/s (FLOPs per example × examples/s).</summary>
    public double TrainGflopsPerSecond => TrainFlopsPerExample * TrainExamplesPerSecond / 1e9;

    /// <summary>Fraction of the machine's measured matmul throughput that the training step reaches.</summary>
    public double FractionOfPeak(double peakGflopsPerSecond) => TrainGflopsPerSecond / peakGflopsPerSecond;
}
