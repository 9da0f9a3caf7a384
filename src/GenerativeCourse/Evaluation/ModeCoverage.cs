using GenerativeCourse.Data;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>How a set of samples covers the modes of a mixture toy such as <see cref="Data.EightGaussians"/>.</summary>
/// <param name="Modes">Number of modes.</param>
/// <param name="ModesCovered">Modes with at least the required number of high-quality samples.</param>
/// <param name="HighQualityRate">Fraction of all samples that are high quality (within the radius of their nearest mode).</param>
/// <param name="HighQualityPerMode">Count of high-quality samples per mode, in the order of the centres.</param>
public sealed record ModeCoverageReport(int Modes, int ModesCovered, double HighQualityRate, IReadOnlyList<int> HighQualityPerMode);

/// <summary>
/// Mode coverage and the high-quality-sample rate, the two numbers of Srivastava et al. (2017, "VEEGAN") and
/// Metz et al. (2017, "Unrolled GANs") for mixtures of Gaussians: a sample is high quality when it lies within
/// three standard deviations of its nearest mode; a mode is covered when enough high-quality samples land on it.
/// Together they separate the two failures of a GAN: missing modes (low coverage) and samples between modes
/// (low rate).
/// </summary>
public static class ModeCoverage
{
    /// <summary>
    /// Coverage of <paramref name="toy"/>'s 8 modes: high quality means within <paramref name="stds"/>·σ of the
    /// nearest centre (σ = <see cref="EightGaussians.Std"/>, 3 as in VEEGAN); a mode is covered when at least
    /// <paramref name="minimumShare"/> of all samples are high-quality samples of it (1 % by default, an eighth of the
    /// 12.5 % a perfect sampler puts there, so a few stray points never count as a mode).
    /// </summary>
    /// <param name="samples">Points, <c>[n, 2]</c>.</param>
    /// <param name="toy">The mixture the samples imitate.</param>
    /// <param name="stds">Radius of a high-quality sample around its mode, in standard deviations of the mode.</param>
    /// <param name="minimumShare">Fraction of all samples a mode needs to count as covered.</param>
    public static ModeCoverageReport EightGaussians(Tensor samples, EightGaussians toy, double stds = 3.0, double minimumShare = 0.01)
    {
        ArgumentNullException.ThrowIfNull(toy);
        using var scope = NewDisposeScope();
        return Compute(samples, toy.CentersTensor(), stds * toy.Std, minimumShare);
    }

    /// <summary>
    /// Coverage of the modes at <paramref name="centers"/> <c>[modes, d]</c> by <paramref name="samples"/> <c>[n, d]</c>:
    /// high quality means within Euclidean distance <paramref name="radius"/> of the nearest centre, and a mode is
    /// covered when at least <paramref name="minimumShare"/>·n high-quality samples (and at least one) are nearest to it.
    /// </summary>
    public static ModeCoverageReport Compute(Tensor samples, Tensor centers, double radius, double minimumShare = 0.01)
    {
        if (samples.dim() != 2 || centers.dim() != 2 || samples.shape[1] != centers.shape[1])
        {
            throw new ArgumentException(
                $"Expected samples [n, d] and centers [modes, d], got [{string.Join(", ", samples.shape)}] and [{string.Join(", ", centers.shape)}].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumShare);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var n = samples.shape[0];
        var modes = (int)centers.shape[0];
        var distances = cdist(samples.to_type(ScalarType.Float64), centers.to_type(ScalarType.Float64));   // [n, modes]
        var (nearestDistance, nearest) = distances.min(1);                                                // [n], [n]
        var good = nearestDistance <= radius;                                                             // [n]
        var perMode = nearest.masked_select(good).bincount(null, modes).data<long>().Select(c => (int)c).ToArray();
        var needed = Math.Max(1.0, minimumShare * n);
        return new ModeCoverageReport(
            modes,
            perMode.Count(c => c >= needed),
            n == 0 ? double.NaN : (double)perMode.Sum() / n,
            perMode);
    }
}
