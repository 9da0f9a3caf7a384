using System.Diagnostics;
using System.Globalization;
using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Training;
using TorchSharp;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// <c>gencourse bench</c>: for every catalogue model, in one process on this machine, training examples/s (median of
/// timed epochs after a warm-up), sampling images/s, peak working set, parameter count and test quality, next to the
/// measured matmul peak (the better of a measurement before and after the models) and the fraction of it each
/// training step reaches. The chapter-06 notebook can call it
/// in-process or read the <c>bench.json</c> it writes (<see cref="BenchReport"/>).
/// </summary>
public static class CourseBenchmark
{
    /// <summary>Measures the machine, then every model in <paramref name="entries"/> one after the other.</summary>
    /// <param name="entries">Models to measure, e.g. <see cref="ModelCatalog.All"/>.</param>
    /// <param name="settings"><see cref="BenchSettings.For"/> a profile.</param>
    /// <param name="log">Progress lines (one per epoch and stage).</param>
    /// <param name="cancellation">Stops between epochs and models.</param>
    public static BenchReport Run(IReadOnlyList<CatalogEntry> entries, BenchSettings settings, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(settings);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        log?.Invoke("measuring float32 matmul throughput");
        var machine = MachineFacts.Measure();
        log?.Invoke($"matmul peak {machine.Peak}; at a layer's shape {machine.AtLayerShape}");
        // The FID-style scores' network, before the models, so its one-off training is not timed as a model's.
        var classifier = TestScores.FeatureClassifier;
        log?.Invoke($"feature classifier of the FID-style scores: {classifier.Provenance}");
        var rows = new List<BenchRow>();
        var failures = new List<BenchFailure>();
        foreach (var entry in entries)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                rows.Add(RunModel(entry, settings, log, cancellation));
            }
            catch (NonFiniteLossException e)
            {
                // A diverging model is a result to report, not a reason to lose the other models' numbers.
                log?.Invoke($"{entry.Name}: failed: {e.Message}");
                failures.Add(new BenchFailure(entry.Name, entry.Title, e.Message));
            }
        }

        log?.Invoke("measuring float32 matmul throughput again (the better of the two measurements is the peak)");
        machine = machine.WithBetterThroughputs(MachineFacts.Measure());
        log?.Invoke($"matmul peak {machine.Peak}; at a layer's shape {machine.AtLayerShape}");
        return new BenchReport(settings.Profile.Name(), started, clock.Elapsed.TotalSeconds, machine, rows)
        {
            Failures = failures,
            FeatureClassifier = DigitClassifierRecipe.Reference.Text,
        };
    }

    /// <summary>One model's row: train (timing epochs), sample (timing one draw), score.</summary>
    public static BenchRow RunModel(CatalogEntry entry, BenchSettings settings, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        PeakMemory.Reset();
        var checkpoint = UsableCheckpoint(entry, settings);
        // With a checkpoint to score, the speed is timed on a few short epochs of a fresh run instead of a whole budget.
        using var run = entry.Create(new RunSettings(settings.Profile, settings.Seed, checkpoint is null ? null : settings.TimingExamples));
        // Exactly the budget's epochs, so a saved checkpoint is the recipe's model; a one-epoch budget is timed whole.
        var epochs = checkpoint is null ? run.Epochs : settings.WarmUpEpochs + 2;
        var warmUp = Math.Min(settings.WarmUpEpochs, epochs - 1);
        var rates = new List<double>();
        // Training the budget here honours its early-stopping rule; the timing epochs of a fresh run do not.
        for (var epoch = 1; epoch <= epochs && !(checkpoint is null && run.ShouldStop); epoch++)
        {
            var report = run.TrainEpoch(cancellation);
            if (epoch > warmUp)
            {
                rates.Add(report.ExamplesPerSecond);
            }

            log?.Invoke($"{entry.Name}: {report}");
        }

        if (checkpoint is null && run.FinishTraining())
        {
            log?.Invoke($"{entry.Name}: early stopping kept the model of epoch {run.FinishedAtBestEpoch} (lowest validation loss) of {run.CompletedEpochs}");
        }

        if (checkpoint is null && settings.CheckpointFolder is not null)
        {
            // Trained to the profile's budget here: leave it for the chapters and later runs, as gencourse train would.
            var path = run.CheckpointPath(settings.CheckpointFolder);
            run.SaveCheckpoint(path);
            log?.Invoke($"{entry.Name}: checkpoint saved to {path}");
        }

        using var scored = checkpoint is null ? null : entry.Create(new RunSettings(settings.Profile, checkpoint.Seed));
        scored?.LoadCheckpoint(checkpoint!.Path);
        var model = scored ?? run;
        var (samplesPerSecond, samples, count) = TimeSampling(model, settings.SamplesFor(entry), settings.Seed);
        using (samples)
        {
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{entry.Name}: {count} samples at {samplesPerSecond:N1} images/s; scoring"));
            var quality = model.Evaluate(settings.Evaluation);
            // Sample scores need enough samples for the FID-style fit of 128 features (MAF and PixelCNN draw fewer).
            var sampleScores = count >= MinimumScoredSamples ? TestScores.Samples(samples, entry.SampleReference, settings.Evaluation) : null;
            var frechet = entry.Metric != QualityMetric.Frechet ? sampleScores?.Frechet : null;
            var pathLength = model.Latent is { } latent ? TestScores.PathLength(latent, settings.Evaluation) : null;
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{entry.Name}: {quality.Short}{(sampleScores is null ? "" : $"; {sampleScores}")}{(pathLength is null ? "" : $"; PPL {pathLength.Mean:F1}")}"));
            return new BenchRow(
                entry.Name,
                entry.Title,
                run.ParameterCount,
                run.BatchSize,
                Median(rates),
                rates.Count,
                run.TrainingFlopsPerExample,
                samplesPerSecond,
                count,
                PeakMemory.PeakBytes(),
                PeakMemory.CanReset,
                quality,
                frechet,
                model.CompletedEpochs,
                checkpoint is null ? "trained here" : $"checkpoint {checkpoint.Path}",
                clock.Elapsed.TotalSeconds,
                run.OptionsText,
                sampleScores?.Kid.Mean,
                sampleScores?.PrecisionRecall.Precision,
                sampleScores?.PrecisionRecall.Recall,
                pathLength?.Mean);
        }
    }

    /// <summary>The fewest samples that get sample scores (FID-style, KID, precision and recall).</summary>
    public const int MinimumScoredSamples = 500;

    /// <summary>Median of the values (mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static (double PerSecond, torch.Tensor Samples, int Count) TimeSampling(ModelRun run, int count, ulong seed)
    {
        using var generator = new torch.Generator(seed);
        using (run.SampleImages(Math.Min(2, count), generator))
        {
            // warm-up: first-call allocations and kernel selection stay out of the timing
        }

        var clock = Stopwatch.StartNew();
        var samples = run.SampleImages(count, generator);
        return (count / clock.Elapsed.TotalSeconds, samples, count);
    }

    private sealed record CheckpointInfo(string Path, ulong Seed);

    private static CheckpointInfo? UsableCheckpoint(CatalogEntry entry, BenchSettings settings)
    {
        if (settings.CheckpointFolder is null)
        {
            return null;
        }

        var path = Path.Combine(settings.CheckpointFolder, entry.CheckpointFileName(settings.Profile));
        if (!File.Exists(path))
        {
            return null;
        }

        var metadata = Checkpoint.ReadMetadata(path);
        using var expected = entry.Create(new RunSettings(settings.Profile, metadata.Seed));
        return metadata.Model == entry.Name && metadata.Options == expected.OptionsText && (metadata.Epoch >= expected.Epochs || metadata.BestEpoch is not null)
            ? new CheckpointInfo(path, metadata.Seed)
            : null;
    }
}
