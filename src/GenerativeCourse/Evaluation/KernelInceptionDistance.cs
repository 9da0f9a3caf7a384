using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>KID averaged over random subsets (<see cref="KernelInceptionDistance.Subsets"/>).</summary>
/// <param name="Mean">Mean of the unbiased MMD² estimates of the subsets, in squared kernel units.</param>
/// <param name="StandardDeviation">Their sample standard deviation (divisor s − 1): the spread of one subset's
/// estimate, not the standard error of <paramref name="Mean"/> (the subsets overlap, so no simple one exists).</param>
/// <param name="Subsets">s, the number of subsets.</param>
/// <param name="SubsetSize">Rows drawn from each set per subset.</param>
public sealed record KernelDistanceEstimate(double Mean, double StandardDeviation, int Subsets, int SubsetSize)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"KID {Mean:G4} ± {StandardDeviation:G2} ({Subsets} subsets of {SubsetSize:N0})");
}

/// <summary>
/// The kernel inception distance, KID (Bińkowski, Sutherland, Arbel &amp; Gretton 2018, "Demystifying MMD GANs"):
/// the squared maximum mean discrepancy between real and generated features under the cubic polynomial kernel
/// <code>k(x, y) = (xᵀy / d + 1)³,</code>
/// estimated without bias (Gretton et al. 2012, "A Kernel Two-Sample Test"): for X = {x_i}, i ≤ n, and
/// Y = {y_j}, j ≤ m,
/// <code>MMD²_u = Σ_{i≠i'} k(x_i, x_i') / (n(n − 1)) + Σ_{j≠j'} k(y_j, y_j') / (m(m − 1)) − 2 Σ_{i,j} k(x_i, y_j) / (nm).</code>
/// MMD² is 0 exactly when the two distributions have the same mean embedding; with this kernel, when their feature
/// moments up to the third agree. KID has no unit of its own: k mixes powers of the features (1, xᵀy/d, its square
/// and cube), so values compare only between sets embedded by the same feature network.
/// </summary>
/// <remarks>
/// <para>Why KID beside FID: its estimator is unbiased, so small sample sets do not inflate it and its value does not
/// depend on n (FID's plug-in estimate is biased upwards, the more so the fewer the samples); it needs no Gaussian fit.
/// An unbiased estimate can be slightly negative when the two distributions are equal. The paper computes it on
/// Inception-v3 features; the course uses the 128 features of its digit classifier
/// (<see cref="DigitClassifier.Features"/>), so values are "KID-style", comparable within the course only. Papers often
/// print KID × 1000.</para>
/// <para>The within-set sums drop the diagonal terms k(x_i, x_i). Writing k(x, y) = ψ(x)ᵀψ(y) for the kernel's
/// feature map ψ, E k(x, x) = E‖ψ(x)‖² exceeds E k(x, x') = ‖E ψ(x)‖² for independent x, x' by tr Cov ψ(x) ≥ 0, so
/// keeping them (the V-statistic, each mean over all n² pairs) biases MMD² upwards by tr Cov ψ(x)/n + tr Cov ψ(y)/m.
/// Everything runs in float64, in blocks of rows so 10,000 × 10,000 kernel values are never held at once; 10,000
/// vectors of 128 features a side cost 3 × 26 GFLOP, as do the paper's 100 subsets of 1,000.</para>
/// </remarks>
public static class KernelInceptionDistance
{
    /// <summary>Subsets of the paper's reference code.</summary>
    public const int DefaultSubsets = 100;

    /// <summary>Rows per subset in the paper's reference code.</summary>
    public const int DefaultSubsetSize = 1000;

    /// <summary>Kernel rows computed at a time: 1,024 × 10,000 float64 values are 82 MB.</summary>
    private const int BlockRows = 1024;

    /// <summary>The kernel matrix k(x_i, y_j) = (x_iᵀy_j / d + 1)³, float64 <c>[n, m]</c>, of rows <c>[n, d]</c> and <c>[m, d]</c>.</summary>
    public static Tensor PolynomialKernel(Tensor x, Tensor y)
    {
        FeatureArguments.Rows(x, nameof(x), 1);
        FeatureArguments.Rows(y, nameof(y), 1);
        FeatureArguments.SameWidth(x, nameof(x), y, nameof(y));
        using var scope = NewDisposeScope();
        var d = x.shape[1];
        var inner = x.detach().to_type(ScalarType.Float64).matmul(y.detach().to_type(ScalarType.Float64).t());  // [n, m]
        return ((inner / d) + 1).pow(3).MoveToOuterDisposeScope();
    }

    /// <summary>The unbiased estimate MMD²_u between the feature sets <paramref name="real"/> <c>[n, d]</c> and
    /// <paramref name="generated"/> <c>[m, d]</c>, n, m ≥ 2 (the sizes may differ).</summary>
    /// <exception cref="ArgumentException">Not matrices, fewer than two rows in a set, or different d.</exception>
    public static double Compute(Tensor real, Tensor generated)
    {
        FeatureArguments.Rows(real, nameof(real), 2);
        FeatureArguments.Rows(generated, nameof(generated), 2);
        FeatureArguments.SameWidth(real, nameof(real), generated, nameof(generated));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = real.detach().to_type(ScalarType.Float64);
        var y = generated.detach().to_type(ScalarType.Float64);
        double n = x.shape[0], m = y.shape[0];
        return (OffDiagonalSum(x) / (n * (n - 1))) + (OffDiagonalSum(y) / (m * (m - 1))) - (2 * CrossSum(x, y) / (n * m));
    }

    /// <summary>
    /// The paper's protocol: <paramref name="subsets"/> times, draw <paramref name="subsetSize"/> rows of each set without
    /// replacement (independently per subset) and compute <see cref="Compute"/>; report the mean and the standard
    /// deviation over subsets. The subset size is capped at the smaller set's size; with both sets at most that size,
    /// every subset is the whole data and the standard deviation is 0.
    /// </summary>
    /// <param name="real">Real features <c>[n, d]</c>, n ≥ 2.</param>
    /// <param name="generated">Generated features <c>[m, d]</c>, m ≥ 2.</param>
    /// <param name="subsets">s ≥ 2 (100 in the reference code).</param>
    /// <param name="subsetSize">Rows per subset and set (1,000 in the reference code).</param>
    /// <param name="seed">Seeds the draws: the same seed gives the same subsets.</param>
    public static KernelDistanceEstimate Subsets(
        Tensor real, Tensor generated, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, ulong seed = 0)
    {
        FeatureArguments.Rows(real, nameof(real), 2);
        FeatureArguments.Rows(generated, nameof(generated), 2);
        FeatureArguments.SameWidth(real, nameof(real), generated, nameof(generated));
        ArgumentOutOfRangeException.ThrowIfLessThan(subsets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsetSize, 2);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var generator = new torch.Generator(seed);
        var size = (int)Math.Min(subsetSize, Math.Min(real.shape[0], generated.shape[0]));
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            using var subsetScope = NewDisposeScope();
            var realRows = randperm(real.shape[0], generator: generator).narrow(0, 0, size);
            var generatedRows = randperm(generated.shape[0], generator: generator).narrow(0, 0, size);
            values[s] = Compute(real.index_select(0, realRows), generated.index_select(0, generatedRows));
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (subsets - 1);
        return new KernelDistanceEstimate(mean, Math.Sqrt(variance), subsets, size);
    }

    /// <summary>Σ_{i≠i'} k(x_i, x_i') of float64 rows <c>[n, d]</c>, block by block, each block's own diagonal removed.</summary>
    private static double OffDiagonalSum(Tensor x)
    {
        var n = x.shape[0];
        var total = 0.0;
        for (long first = 0; first < n; first += BlockRows)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(BlockRows, n - first);
            var block = PolynomialKernel(x.narrow(0, first, count), x);                            // [c, n]
            // The diagonal k(x_i, x_i) of this block sits in columns first … first + c − 1.
            var diagonal = block.narrow(1, first, count).diagonal();                               // [c]
            total += block.sum().item<double>() - diagonal.sum().item<double>();
        }

        return total;
    }

    /// <summary>Σ_{i,j} k(x_i, y_j), block by block.</summary>
    private static double CrossSum(Tensor x, Tensor y)
    {
        var total = 0.0;
        for (long first = 0; first < x.shape[0]; first += BlockRows)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(BlockRows, x.shape[0] - first);
            total += PolynomialKernel(x.narrow(0, first, count), y).sum().item<double>();
        }

        return total;
    }
}
