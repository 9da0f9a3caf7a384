using GenerativeCourse.Catalog;

namespace GenerativeCourse.Benchmarks;

/// <summary>How much a <see cref="CourseBenchmark"/> run measures.</summary>
/// <param name="Profile">"quick" or "full", for the report.</param>
/// <param name="ExamplesPerEpoch">Training examples per epoch (null: the whole 8,000-image split).</param>
/// <param name="WarmUpEpochs">Epochs run before timing starts (thread pools, allocator, caches).</param>
/// <param name="MeasuredEpochs">Epochs whose examples/s are timed; the median is reported. At least this many; a
/// full run trains on to the model's default epochs, timing every epoch after the warm-up.</param>
/// <param name="TrainToDefaultEpochs">Train to <see cref="CatalogEntry.DefaultEpochs"/> before scoring (the full
/// profile); otherwise score after the measured epochs.</param>
/// <param name="Evaluation">Test images, IWAE k and samples.</param>
/// <param name="Seed">Seed of every model.</param>
/// <param name="CheckpointFolder">Where <c>gencourse train</c> left checkpoints: a model whose checkpoint has at
/// least its default epochs is scored from it instead of being trained to them here (speed is still measured on fresh
/// epochs). Null: always train here.</param>
/// <param name="SlowSamplerShare">Share of <see cref="CatalogEntry.SampleLimit"/> drawn from models with a slow
/// sampler (MAF): 1 in the full profile, 0.1 in the quick one.</param>
public sealed record BenchSettings(
    string Profile,
    int? ExamplesPerEpoch,
    int WarmUpEpochs,
    int MeasuredEpochs,
    bool TrainToDefaultEpochs,
    EvaluationSettings Evaluation,
    ulong Seed = 0,
    string? CheckpointFolder = null,
    double SlowSamplerShare = 1)
{
    /// <summary>Under 5 minutes on 2 cores: 1,000 examples per epoch, 1 warm-up and 3 timed epochs, quick evaluation.</summary>
    public static BenchSettings Quick { get; } = new("quick", 1000, 1, 3, false, EvaluationSettings.Quick, SlowSamplerShare: 0.1);

    /// <summary>The README numbers: whole epochs, every model trained to its default epochs, IWAE-5000, 1,000 samples.</summary>
    public static BenchSettings Full { get; } = new("full", null, 1, 3, true, EvaluationSettings.Full);

    /// <summary>Images to draw from <paramref name="entry"/> for the sampling speed and the FID-style score.</summary>
    public int SamplesFor(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.SampleLimit is { } limit
            ? Math.Clamp((int)Math.Round(limit * SlowSamplerShare), 1, Evaluation.Samples)
            : Evaluation.Samples;
    }
}
