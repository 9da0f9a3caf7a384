using GenerativeCourse.Catalog;

namespace GenerativeCourse.Benchmarks;

/// <summary>How much a <see cref="CourseBenchmark"/> run measures.</summary>
/// <param name="Profile">Whose recipe budgets the models train for (<see cref="Recipe.Budgets"/>) and whose checkpoints
/// (<see cref="CatalogEntry.CheckpointFileName"/>) may stand in for training.</param>
/// <param name="Evaluation">Test images, IWAE k, samples, AIS.</param>
/// <param name="WarmUpEpochs">Epochs run before timing starts (thread pools, allocator, caches).</param>
/// <param name="Seed">Seed of every model.</param>
/// <param name="CheckpointFolder">Where <c>gencourse train</c> or the chapters left checkpoints: a model whose checkpoint
/// of this profile has the recipe's epochs is scored from it instead of being trained here (speed is still measured,
/// on <see cref="TimingExamples"/> images); a model trained here is saved there, for the chapters. Null: always train
/// here and save nothing.</param>
/// <param name="SlowSamplerShare">Share of <see cref="CatalogEntry.SampleLimit"/> drawn from models with a slow
/// sampler (MAF): 1, except 0.1 in the quick profile.</param>
/// <param name="TimingExamples">Images per timed epoch when the model itself comes from a checkpoint.</param>
public sealed record BenchSettings(
    Profile Profile,
    EvaluationSettings Evaluation,
    int WarmUpEpochs = 1,
    ulong Seed = 0,
    string? CheckpointFolder = null,
    double SlowSamplerShare = 1,
    int TimingExamples = 2000)
{
    /// <summary>The settings of <paramref name="profile"/>: its budgets and <see cref="EvaluationSettings.For"/>.</summary>
    public static BenchSettings For(Profile profile) =>
        new(profile, EvaluationSettings.For(profile), SlowSamplerShare: profile == Profile.Quick ? 0.1 : 1);

    /// <summary>Images to draw from <paramref name="entry"/> for the sampling speed and the FID-style score.</summary>
    public int SamplesFor(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.SampleLimit is { } limit
            ? Math.Clamp((int)Math.Round(limit * SlowSamplerShare), 1, Evaluation.Samples)
            : Evaluation.Samples;
    }
}
