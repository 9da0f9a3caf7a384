using System.Globalization;

namespace GenerativeCourse.Evaluation;

/// <summary>What a quality number measures.</summary>
public enum QualityMetric
{
    /// <summary>Exact negative log-likelihood, nats per image (lower is better).</summary>
    ExactNll,

    /// <summary>The negative IWAE-k bound, nats per image: an upper bound on the NLL (lower is better).</summary>
    IwaeNll,

    /// <summary>Negative log-likelihood of uniformly dequantized 8-bit images, bits per dimension (an upper bound; lower is better).</summary>
    BitsPerDimension,

    /// <summary>
    /// An <b>estimate</b> of the negative log-likelihood, nats per image, with log Z from annealed importance sampling
    /// (an RBM): AIS tends to underestimate log Z, so the NLL tends to come out too optimistic (lower is better).
    /// </summary>
    AisNll,

    /// <summary>
    /// A variational upper bound on −log P of the 8-bit images, bits per dimension (a DDPM's bound with a discretised
    /// decoder): the same unit as <see cref="BitsPerDimension"/>, but a bound by construction (lower is better).
    /// </summary>
    BoundBitsPerDimension,

    /// <summary>The FID-style Fréchet distance between classifier features of samples and test images (lower is better).</summary>
    Frechet,
}

/// <summary>A model's quality on the MNIST test split (all 10,000 images, or the first ones as its description says).</summary>
/// <param name="Metric">What <paramref name="Value"/> is.</param>
/// <param name="Value">The number.</param>
/// <param name="StandardError">Standard error of the mean over test images, where it applies; NaN otherwise.</param>
/// <param name="Description">Data and method: split, binarization or dequantization, k, number of samples.</param>
public sealed record QualityScore(QualityMetric Metric, double Value, double StandardError, string Description)
{
    /// <summary>Unit of <see cref="Value"/>.</summary>
    public string Unit => Metric switch
    {
        QualityMetric.ExactNll or QualityMetric.IwaeNll or QualityMetric.AisNll => "nats",
        QualityMetric.BitsPerDimension or QualityMetric.BoundBitsPerDimension => "bits/dim",
        _ => "feature units²",
    };

    /// <summary>"NLL 88.3 nats (exact)", "NLL ≈ 120.0 nats (AIS)", for tables.</summary>
    public string Short => Metric switch
    {
        QualityMetric.ExactNll => Format($"NLL {Value:F1} nats (exact)"),
        QualityMetric.IwaeNll => Format($"NLL ≤ {Value:F1} nats ({Description.Split(';')[0]})"),
        QualityMetric.AisNll => Format($"NLL ≈ {Value:F1} nats (AIS)"),
        QualityMetric.BitsPerDimension => Format($"{Value:F3} bits/dim"),
        QualityMetric.BoundBitsPerDimension => Format($"≤ {Value:F3} bits/dim (variational bound)"),
        _ => Format($"FID-style {Value:F2}"),
    };

    public override string ToString() => $"{Short} — {Description}";

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
