using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Probability;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// The result of a <see cref="CourseBenchmark"/> run: the machine, one <see cref="BenchRow"/> per model, and the
/// Markdown table (<see cref="ToMarkdown"/>) that README.md and chapter 06 show. Saved as <c>bench.json</c> and
/// <c>bench.md</c>.
/// </summary>
/// <param name="Profile">"quick", "default" or "full" (<see cref="Catalog.Profile"/>).</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="TotalSeconds">Wall time of the whole run.</param>
/// <param name="Machine">CPU, threads and matmul throughput.</param>
/// <param name="Rows">One per model, in catalogue order.</param>
public sealed record BenchReport(string Profile, DateTimeOffset StartedUtc, double TotalSeconds, MachineFacts Machine, IReadOnlyList<BenchRow> Rows)
{
    /// <summary>Models whose training failed (a loss became NaN or infinite), with the reason.</summary>
    public IReadOnlyList<BenchFailure> Failures { get; init; } = [];

    /// <summary>The recipe of the digit classifier whose features every FID-style number of the report compares
    /// (<see cref="DigitClassifierRecipe.Text"/>); null in reports written before it was recorded.</summary>
    public string? FeatureClassifier { get; init; }

    /// <summary>Whether the FID-style numbers were measured with today's reference classifier
    /// (<see cref="DigitClassifierRecipe.Reference"/>): only then do they compare with scores computed now.</summary>
    public bool HasCurrentFeatureClassifier => FeatureClassifier == DigitClassifierRecipe.Reference.Text;

    /// <summary>Why this report does not describe today's models (rows of other recipes, FID-style scores of another
    /// feature network, or no KID, precision and recall where it has FID-style scores), as a clause for
    /// "Not using bench.json: …"; null when it does.</summary>
    public string? StaleReason => ModelsWithOtherRecipes.Count > 0
        ? $"{string.Join(", ", ModelsWithOtherRecipes)} were measured with other recipes than today's"
        : !HasCurrentFeatureClassifier ? "its FID-style scores were measured with another feature network than today's reference classifier"
        : Rows.Any(r => r.Frechet is not null && r.Kid is null) ? "it was written before the bench recorded KID, precision and recall"
        : null;

    /// <summary>File name of the JSON report.</summary>
    public const string JsonFileName = "bench.json";

    /// <summary>File name of the Markdown table.</summary>
    public const string MarkdownFileName = "bench.md";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <c>bench.json</c> and <c>bench.md</c> into <paramref name="folder"/> (created if needed), each
    /// atomically: an interrupted run leaves the previous report whole.</summary>
    /// <returns>The two paths.</returns>
    public (string Json, string Markdown) Write(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, JsonFileName);
        var markdown = Path.Combine(folder, MarkdownFileName);
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(this, Json));
        AtomicFile.WriteAllText(markdown, ToMarkdown());
        return (json, markdown);
    }

    /// <summary>Reads a <c>bench.json</c>, e.g. in chapter 06 to show the full run's numbers without rerunning it.</summary>
    /// <exception cref="InvalidDataException">The file is not a bench report.</exception>
    public static BenchReport Read(string path)
    {
        try
        {
            var report = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty benchmark report.");

            // Missing members deserialise as null rather than failing; a report without these is not one.
            return report is { Profile: not null, Machine: not null, Rows: not null }
                ? report
                : throw new InvalidDataException($"{path}: not a benchmark report written by gencourse bench (it has no Profile, Machine or Rows).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a benchmark report written by gencourse bench ({e.Message}).", e);
        }
    }

    /// <summary>Models whose row was measured with another recipe than the catalogue's today (or did not record one):
    /// a report with any is out of date.</summary>
    public IReadOnlyList<string> ModelsWithOtherRecipes => [.. Rows.Where(row => !row.HasCurrentRecipe).Select(row => row.Model)];

    /// <summary>The rows as chapter 06's <see cref="ModelComparison"/>.</summary>
    /// <param name="source">Where the numbers come from, e.g. the path of <c>bench.json</c>; the profile is appended.</param>
    public ModelComparison ToComparison(string source) => new(
        $"{source} ({Profile} profile)",
        Machine.Summary,
        StartedUtc,
        [.. Rows.Select(row => new ComparisonRow(row.Model, row.Title, row.Parameters, row.TrainExamplesPerSecond,
            row.SamplesPerSecond, row.Quality, row.Frechet, row.EpochsTrained)
        {
            Source = row.QualitySource,
            Kid = row.Kid,
            Precision = row.Precision,
            Recall = row.Recall,
            PathLength = row.PathLength,
        })]);

    /// <summary>The Markdown table with a header stating the machine, the matmul peak and the data.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var peak = Machine.PeakGflopsPerSecond;
        text.AppendLine(Invariant($"Measured by `gencourse bench --profile {Profile}` ({Profile} profile, {TotalSeconds / 60:F1} min, {StartedUtc:yyyy-MM-dd}) on {Machine.Cpu}: {Machine.LogicalCores} logical cores, {Machine.TorchThreads} TorchSharp threads, {Machine.OperatingSystem}, {Machine.Runtime}, TorchSharp {Machine.TorchSharpVersion}."));
        text.AppendLine(Invariant($"Measured float32 matmul peak: **{peak:F1} GFLOP/s** (each shape measured before and after the models, the better kept), the better of {Machine.Peak.GflopsPerSecond:F1} GFLOP/s for [1024×1024]·[1024×1024] and {Machine.AtLayerShape.GflopsPerSecond:F1} GFLOP/s at the shape of a training layer ([100×784]·[784×500])."));
        text.AppendLine("Models trained on the 50,000 MNIST training images. Quality on the MNIST test split (10,000 images, or the first images of it as each row's notes say; binary models on the static binarization, seed 2008; flows on 8-bit grey levels with uniform dequantization); FID-style: Fréchet distance of the features of the course's reference digit classifier (a small CNN, `DigitClassifierRecipe.Reference`), samples vs as many test images; KID (unbiased, cubic polynomial kernel, mean of 50 subsets of half of each set), precision and recall (k = 3) of the same samples in the same features; PPL: perceptual path length of the latent generator (slerp, ε = 10⁻⁴, 1 %/99 % trim), where the model has one.");
        text.AppendLine();
        text.AppendLine("| Model | Parameters | Train examples/s | Train GFLOP/s (% of peak) | Sampling images/s | Peak working set | Test quality | FID-style | KID | Precision | Recall | PPL | Epochs |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var frechet = row.Metric() == QualityMetric.Frechet ? Invariant($"{row.Quality.Value:F2}") : row.Frechet is { } f ? Invariant($"{f.Value:F2}") : "—";
            var quality = row.Metric() == QualityMetric.Frechet ? "(see FID-style)" : row.Quality.Short;
            text.AppendLine(Invariant($"| {row.Title} | {row.Parameters:N0} | {row.TrainExamplesPerSecond:N0} | {row.TrainGflopsPerSecond:F1} ({100 * row.FractionOfPeak(peak):F0} %) | {row.SamplesPerSecond:N1} | {row.PeakWorkingSetBytes / (1024.0 * 1024):N0} MB | {quality} | {frechet} | {Units.Format(row.Kid, "F2")} | {Units.Format(row.Precision, "F3")} | {Units.Format(row.Recall, "F3")} | {Units.Format(row.PathLength, "F1")} | {row.EpochsTrained} |"));
        }

        foreach (var failure in Failures)
        {
            text.AppendLine($"| {failure.Title} | failed: {failure.Reason.Replace("|", "/", StringComparison.Ordinal)} | | | | | | | | | | | |");
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Train examples/s: {TimedEpochsNote()}, {BatchNote()}. GFLOP/s: analytic FLOPs per example (2 per multiply-add of every matrix product and convolution, backward = 2 × forward, or for an RBM the products of a CD-k update; `FlopCount`) × examples/s. Sampling: one timed draw of the stated number of images after a warm-up draw{SampleNote()}. Peak working set: {(Rows.All(r => r.PeakIsPerModel) ? "the process's resident peak while the model ran (VmHWM reset before each model, after freed memory was returned to the system), so it includes the .NET runtime and libtorch themselves" : "the process's peak so far")}."));
        foreach (var row in Rows.Where(r => r.Metric() == QualityMetric.AisNll))
        {
            text.AppendLine();
            text.AppendLine(Invariant($"{row.Model}: “NLL ≈” is an estimate. −F(x) is exact, log Z is estimated by annealed importance sampling, which tends to underestimate it, so a too short annealing makes the NLL look better than it is. Data and annealing: {row.Quality.Description}."));
        }

        return text.ToString();
    }

    /// <summary>"median of 3 timed epochs after 1 warm-up epoch", or a range when models trained for different lengths.</summary>
    private string TimedEpochsNote()
    {
        var counts = Rows.Select(r => r.TimedEpochs).DefaultIfEmpty().ToArray();
        var (fewest, most) = (counts.Min(), counts.Max());
        return fewest == most
            ? Invariant($"median of {fewest} timed epochs after 1 warm-up epoch")
            : Invariant($"median of every epoch after 1 warm-up epoch ({fewest} to {most} timed epochs per model; a one-epoch budget is timed whole)");
    }

    /// <summary>"batches of 100", or "batches of 100 (pixelcnn 50)" when some models use other sizes.</summary>
    private string BatchNote()
    {
        if (Rows.Count == 0)
        {
            return "batches of 100";
        }

        var common = Rows.GroupBy(r => r.BatchSize).OrderByDescending(g => g.Count()).First().Key;
        var others = Rows.Where(r => r.BatchSize != common).Select(r => Invariant($"{r.Model} {r.BatchSize}")).ToArray();
        return others.Length == 0 ? Invariant($"batches of {common}") : Invariant($"batches of {common} ({string.Join(", ", others)})");
    }

    private string SampleNote()
    {
        if (Rows.Count == 0)
        {
            return "";
        }

        var limited = Rows.Where(r => r.SamplesDrawn < Rows.Max(x => x.SamplesDrawn)).Select(r => Invariant($"{r.Model} {r.SamplesDrawn}")).ToArray();
        return limited.Length == 0 ? "" : $" (fewer images for slow samplers: {string.Join(", ", limited)}; no FID-style score below 500 samples)";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A model whose benchmark stopped because training diverged.</summary>
/// <param name="Model">Catalogue name.</param>
/// <param name="Title">Model and paper.</param>
/// <param name="Reason">The error message.</param>
public sealed record BenchFailure(string Model, string Title, string Reason);

internal static class BenchRowExtensions
{
    public static QualityMetric Metric(this BenchRow row) => row.Quality.Metric;
}
