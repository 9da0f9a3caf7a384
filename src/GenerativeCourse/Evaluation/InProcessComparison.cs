using System.Diagnostics;
using GenerativeCourse.Catalog;
using TorchSharp;

namespace GenerativeCourse.Evaluation;

/// <summary>How much <see cref="InProcessComparison.Measure"/> trains and evaluates each model.</summary>
/// <param name="Epochs">Epochs per model; the training speed is that of the last one (the first warms up allocator and threads).</param>
/// <param name="ExamplesPerEpoch">Training examples per epoch (a new random subset each epoch); null for all 8,000.</param>
/// <param name="Samples">Images drawn per model for the sampling speed and the FID-style score (fewer for slow samplers,
/// <see cref="CatalogEntry.SampleLimit"/>; their FID-style score is then left out, since it depends on the number of images).</param>
/// <param name="Evaluation">Test images, IWAE k and the seed of the scores.</param>
/// <param name="Seed">Seed of every model's weights and data order.</param>
public sealed record ComparisonSettings(int Epochs, int? ExamplesPerEpoch, int Samples, EvaluationSettings Evaluation, ulong Seed = 0);

/// <summary>
/// A small benchmark of catalogue models run inside a notebook, for when no <c>bench.json</c> of
/// <c>gencourse bench</c> exists: each model is built from its <see cref="CatalogEntry"/>, trained briefly, timed,
/// sampled and scored on the test split with the same <see cref="TestScores"/> as the bench. Numbers after a few
/// epochs are far from the models' trained quality; the speeds and sizes are representative.
/// </summary>
public static class InProcessComparison
{
    /// <summary>Measures <paramref name="entries"/> one after the other, disposing each model when done.</summary>
    /// <param name="entries">Models to compare, e.g. <see cref="ModelCatalog.All"/>.</param>
    /// <param name="settings">Work per model.</param>
    /// <param name="progress">Called with a line of text after each model.</param>
    public static ModelComparison Measure(IEnumerable<CatalogEntry> entries, ComparisonSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Samples, 2);
        var started = DateTimeOffset.UtcNow;
        var rows = new List<ComparisonRow>();
        foreach (var entry in entries)
        {
            var row = MeasureOne(entry, settings);
            rows.Add(row);
            progress?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{entry.Name}: {row.Quality.Short}, {row.TrainExamplesPerSecond:N0} train examples/s, {row.SamplesPerSecond:N0} images/s"));
        }

        var machine = $"{Environment.ProcessorCount} logical cores, {torch.get_num_threads()} TorchSharp threads";
        return new ModelComparison("measured in this notebook (no bench.json found)", machine, started, rows);
    }

    /// <summary>One model: train, time, sample, score.</summary>
    public static ComparisonRow MeasureOne(CatalogEntry entry, ComparisonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(settings);
        using var run = entry.Create(new RunSettings(settings.Seed, settings.ExamplesPerEpoch));
        var examplesPerSecond = 0.0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            examplesPerSecond = run.TrainEpoch().ExamplesPerSecond;
        }

        var samples = Math.Min(settings.Samples, entry.SampleLimit ?? int.MaxValue);
        using var generator = new torch.Generator(settings.Evaluation.Seed);
        using (run.SampleImages(Math.Min(samples, 10), generator))
        {
            // warm-up draw: first calls allocate buffers and start threads
        }

        var clock = Stopwatch.StartNew();
        using var images = run.SampleImages(samples, generator);
        var samplesPerSecond = samples / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

        var quality = run.Evaluate(settings.Evaluation);
        var frechet = quality.Metric != QualityMetric.Frechet && samples == settings.Samples
            ? TestScores.Frechet(images, entry.SampleReference, settings.Evaluation with { TestImages = samples })
            : null;
        return new ComparisonRow(entry.Name, entry.Title, run.ParameterCount, examplesPerSecond, samplesPerSecond, quality, frechet, run.CompletedEpochs);
    }
}
