using System.Globalization;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The negative log-likelihood of a density model on a data set: the number every explicit-density
/// chapter reports. Lower is better.
/// </summary>
/// <param name="MeanNats">−(1/n) Σ_i log p(x_i), in <b>nats per example</b>.</param>
/// <param name="StandardError">Standard error of that mean over examples, s / √n, in nats: the spread a
/// different sample of n test images would give. Two models whose means differ by less than about twice
/// this are not told apart by this test set.</param>
/// <param name="Count">n, the number of examples scored.</param>
/// <param name="Dimensions">D, the dimensions of one example, for <see cref="BitsPerDimension"/>.</param>
/// <param name="Description">What was scored, e.g. "MNIST test split (10,000 images), static binarization (seed 2008)".</param>
public sealed record LikelihoodReport(double MeanNats, double StandardError, int Count, int Dimensions, string Description)
{
    /// <summary>The same mean in bits per dimension: nats / (D ln 2).</summary>
    public double BitsPerDimension => Probability.Units.BitsPerDimension(MeanNats, Dimensions);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"NLL {MeanNats:F2} ± {StandardError:F2} nats per example ({BitsPerDimension:F4} bits/dim) on {Description}");
}
