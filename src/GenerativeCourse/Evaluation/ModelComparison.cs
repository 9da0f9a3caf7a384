using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GenerativeCourse.Catalog;

namespace GenerativeCourse.Evaluation;

/// <summary>What kind of likelihood a model's test number is: the axis of chapter 00's taxonomy.</summary>
public enum LikelihoodKind
{
    /// <summary>The model computes log p(x) exactly (autoregressive models, flows).</summary>
    Exact,

    /// <summary>Only a bound on log p(x) is available (a VAE's ELBO or IWAE-k).</summary>
    Bound,

    /// <summary>The model defines no likelihood (GANs); it is judged by its samples.</summary>
    None,
}

/// <summary>One model's line of the comparison: size, speed and quality on the embedded test split.</summary>
/// <param name="Model">Catalogue name (<c>nade</c>).</param>
/// <param name="Title">Model and paper.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="TrainExamplesPerSecond">Training throughput, examples per second.</param>
/// <param name="SamplesPerSecond">Images drawn per second.</param>
/// <param name="Quality">The model's own test number (NLL, IWAE bound, bits/dim or FID-style).</param>
/// <param name="Frechet">FID-style score of its samples where <paramref name="Quality"/> is a likelihood; null when not measured.</param>
/// <param name="Epochs">Epochs behind the quality numbers.</param>
public sealed record ComparisonRow(
    string Model,
    string Title,
    long Parameters,
    double TrainExamplesPerSecond,
    double SamplesPerSecond,
    QualityScore Quality,
    QualityScore? Frechet,
    int Epochs)
{
    /// <summary>Exact, bound or none, from the metric of <see cref="Quality"/>.</summary>
    public LikelihoodKind Likelihood => Quality.Metric switch
    {
        QualityMetric.ExactNll or QualityMetric.BitsPerDimension => LikelihoodKind.Exact,
        QualityMetric.IwaeNll => LikelihoodKind.Bound,
        _ => LikelihoodKind.None,
    };

    /// <summary>The FID-style score, wherever it comes from (the quality of a GAN, the extra score of the others).</summary>
    public double? FrechetValue => Quality.Metric == QualityMetric.Frechet ? Quality.Value : Frechet?.Value;
}

/// <summary>
/// The model comparison of chapter 06: one <see cref="ComparisonRow"/> per catalogue model, and where the numbers come
/// from. Either read from the <c>bench.json</c> that <c>gencourse bench</c> writes (<see cref="ReadBenchJson"/>) or
/// measured in the notebook's own process by <see cref="InProcessComparison"/>.
/// </summary>
/// <param name="Source">"gencourse bench (full profile), artifacts/bench/bench.json" or "measured in this notebook".</param>
/// <param name="Machine">CPU and threads.</param>
/// <param name="MeasuredUtc">When the numbers were measured.</param>
/// <param name="Rows">One per model, in catalogue order.</param>
public sealed record ModelComparison(string Source, string Machine, DateTimeOffset MeasuredUtc, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>
    /// Reads the report of <c>gencourse bench</c>. Assumed schema (the property names of the bench's records):
    /// <c>{ Profile, StartedUtc, Machine: { Cpu, LogicalCores, TorchThreads }, Rows: [ { Model, Title, Parameters,
    /// TrainExamplesPerSecond, SamplesPerSecond, Quality: { Metric, Value, StandardError, Description },
    /// Frechet: { … } | null, EpochsTrained } ] }</c>, metrics as names (<c>"ExactNll"</c>), NaN as <c>"NaN"</c>.
    /// Properties it does not need are ignored, so the bench may add more.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not such a report; the message names the file and what is missing.</exception>
    public static ModelComparison ReadBenchJson(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var machine = root.GetProperty("Machine");
            var machineText = string.Create(CultureInfo.InvariantCulture,
                $"{machine.GetProperty("Cpu").GetString()}, {machine.GetProperty("LogicalCores").GetInt32()} logical cores, {machine.GetProperty("TorchThreads").GetInt32()} TorchSharp threads");
            var rows = root.GetProperty("Rows").EnumerateArray().Select(row => new ComparisonRow(
                row.GetProperty("Model").GetString()!,
                row.GetProperty("Title").GetString()!,
                row.GetProperty("Parameters").GetInt64(),
                Number(row.GetProperty("TrainExamplesPerSecond")),
                Number(row.GetProperty("SamplesPerSecond")),
                Score(row.GetProperty("Quality")),
                row.TryGetProperty("Frechet", out var f) && f.ValueKind == JsonValueKind.Object ? Score(f) : null,
                row.GetProperty("EpochsTrained").GetInt32())).ToArray();
            var profile = root.GetProperty("Profile").GetString();
            return new ModelComparison($"gencourse bench ({profile} profile), {path}", machineText, root.GetProperty("StartedUtc").GetDateTimeOffset(), rows);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a report of gencourse bench ({e.Message}). Run `gencourse bench` again or delete the file.", e);
        }
    }

    /// <summary>The table as HTML: model, likelihood kind, test quality, FID-style, parameters, speeds, epochs.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(Source)}; {Encode(Machine)}; measured {MeasuredUtc:yyyy-MM-dd HH:mm} UTC.</p>");
        html.Append("<table><thead><tr><th>Model</th><th>Likelihood</th><th>Test quality</th><th>FID-style</th><th>Parameters</th><th>Train examples/s</th><th>Sampling images/s</th><th>Epochs</th></tr></thead><tbody>");
        foreach (var row in Rows)
        {
            var frechet = row.FrechetValue is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "—";
            var quality = row.Likelihood == LikelihoodKind.None ? "(none: see FID-style)" : row.Quality.Short;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(row.Title)}</td><td>{row.Likelihood}</td><td>{Encode(quality)}</td><td style=\"text-align:right\">{frechet}</td><td style=\"text-align:right\">{row.Parameters:N0}</td><td style=\"text-align:right\">{row.TrainExamplesPerSecond:N0}</td><td style=\"text-align:right\">{row.SamplesPerSecond:N0}</td><td style=\"text-align:right\">{row.Epochs}</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static QualityScore Score(JsonElement element) => new(
        Enum.Parse<QualityMetric>(element.GetProperty("Metric").GetString()!),
        Number(element.GetProperty("Value")),
        element.TryGetProperty("StandardError", out var error) ? Number(error) : double.NaN,
        element.TryGetProperty("Description", out var description) ? description.GetString() ?? "" : "");

    // Numbers may be written as "NaN" or "Infinity" (JsonNumberHandling.AllowNamedFloatingPointLiterals).
    private static double Number(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? double.Parse(element.GetString()!, CultureInfo.InvariantCulture)
        : element.GetDouble();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
