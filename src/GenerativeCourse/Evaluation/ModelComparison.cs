using System.Globalization;
using System.Net;
using System.Text;
using GenerativeCourse.Probability;

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

    /// <summary>log p(x) is defined but only estimated: an RBM's −F(x) is exact, its log Z comes from annealed
    /// importance sampling, which tends to underestimate it (so the NLL tends to look better than it is).</summary>
    Estimate,
}

/// <summary>One model's line of the comparison: size, speed and quality on the MNIST test split.</summary>
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
        QualityMetric.IwaeNll or QualityMetric.BoundBitsPerDimension => LikelihoodKind.Bound,
        QualityMetric.AisNll => LikelihoodKind.Estimate,
        _ => LikelihoodKind.None,
    };

    /// <summary>Where the model came from: "trained here", "checkpoint …" (a chapter's or <c>gencourse train</c>'s), or
    /// null when the report did not say.</summary>
    public string? Source { get; init; }

    /// <summary>KID of its samples against as many test images (<see cref="SampleScores"/>); null when not measured.</summary>
    public double? Kid { get; init; }

    /// <summary>Improved precision of its samples (k = 3); null when not measured.</summary>
    public double? Precision { get; init; }

    /// <summary>Improved recall of its samples (k = 3); null when not measured.</summary>
    public double? Recall { get; init; }

    /// <summary>Perceptual path length of its latent generator, squared feature units; null where it does not apply.</summary>
    public double? PathLength { get; init; }

    /// <summary>The FID-style score, wherever it comes from (the quality of a GAN, the extra score of the others).</summary>
    public double? FrechetValue => Quality.Metric == QualityMetric.Frechet ? Quality.Value : Frechet?.Value;
}

/// <summary>
/// The model comparison of chapter 06: one <see cref="ComparisonRow"/> per catalogue model, and where the numbers come
/// from: the <c>bench.json</c> that <c>gencourse bench</c> writes, or a <c>CourseBenchmark.Run</c> in the notebook's own
/// process (<c>BenchReport.ToComparison</c> in both cases).
/// </summary>
/// <param name="Source">"../artifacts/bench/bench.json (full profile)" or "measured in this notebook … (notebook profile)".</param>
/// <param name="Machine">CPU and threads.</param>
/// <param name="MeasuredUtc">When the numbers were measured.</param>
/// <param name="Rows">One per model, in catalogue order.</param>
public sealed record ModelComparison(string Source, string Machine, DateTimeOffset MeasuredUtc, IReadOnlyList<ComparisonRow> Rows)
{
    /// <summary>The table as HTML: model, likelihood kind, test quality, FID-style, KID, precision, recall, PPL,
    /// parameters, speeds, epochs and source; "—" where a value was not measured or does not apply.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(Source)}; {Encode(Machine)}; measured {MeasuredUtc:yyyy-MM-dd HH:mm} UTC.</p>");
        html.Append("<table><thead><tr><th>Model</th><th>Likelihood</th><th>Test quality</th><th>FID-style</th><th>KID</th><th>Precision</th><th>Recall</th><th>PPL</th><th>Parameters</th><th>Train examples/s</th><th>Sampling images/s</th><th>Epochs</th><th>Source</th></tr></thead><tbody>");
        foreach (var row in Rows)
        {
            var frechet = Units.Format(row.FrechetValue, "F2");
            var quality = row.Likelihood == LikelihoodKind.None ? "(none: see FID-style)" : row.Quality.Short;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(row.Title)}</td><td>{row.Likelihood}</td><td>{Encode(quality)}</td><td style=\"text-align:right\">{frechet}</td><td style=\"text-align:right\">{Units.Format(row.Kid, "F2")}</td><td style=\"text-align:right\">{Units.Format(row.Precision, "F3")}</td><td style=\"text-align:right\">{Units.Format(row.Recall, "F3")}</td><td style=\"text-align:right\">{Units.Format(row.PathLength, "F1")}</td><td style=\"text-align:right\">{row.Parameters:N0}</td><td style=\"text-align:right\">{row.TrainExamplesPerSecond:N0}</td><td style=\"text-align:right\">{row.SamplesPerSecond:N0}</td><td style=\"text-align:right\">{row.Epochs}</td><td>{Encode(SourceLabel(row.Source))}</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>"trained here", or the checkpoint's file name without its folder; "—" when unknown.</summary>
    private static string SourceLabel(string? source) => source switch
    {
        null => "—",
        _ when source.StartsWith("checkpoint ", StringComparison.Ordinal) => "checkpoint " + Path.GetFileName(source["checkpoint ".Length..]),
        _ => source,
    };
}
