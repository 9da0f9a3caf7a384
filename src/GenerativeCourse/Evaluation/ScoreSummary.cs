using System.Globalization;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The mean of a per-image score over n images and its standard error: what every test-split number of the course
/// reports (nats per image for a likelihood, bits per dimension for a flow).
/// </summary>
/// <param name="Mean">x̄ = (1/n) Σ_i x_i, in the unit of the per-image values.</param>
/// <param name="StandardError">s / √n with the sample variance s² = Σ_i (x_i − x̄)² / (n − 1), in the same unit: the
/// spread another sample of n images would give; 0 for a single image.</param>
/// <param name="Count">n, the number of images scored.</param>
/// <param name="Description">What was scored: split, binarization or dequantization, method.</param>
public sealed record ScoreSummary(double Mean, double StandardError, int Count, string Description)
{
    /// <summary>The mean and standard error of <paramref name="values"/>, accumulated in float64 in their order.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static ScoreSummary Of(IReadOnlyList<double> values, string description)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("A score needs at least one image.", nameof(values));
        }

        var mean = values.Average();
        // Two passes (the mean first) instead of Σx² − n x̄², which loses the digits of a small spread around a large mean.
        var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new ScoreSummary(mean, Math.Sqrt(variance / values.Count), values.Count, description);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Mean:F3} ± {StandardError:F3} over {Count:N0} images of {Description}");
}
