using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class KernelInceptionDistanceTests
{
    public KernelInceptionDistanceTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EqualsTheDoubleLoopOverPairsOfTheDefinition()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var x = randn(4, 3, dtype: float64, generator: generator);
        var y = randn(5, 3, dtype: float64, generator: generator) + 0.7;
        double[][] xs = Rows(x), ys = Rows(y);
        static double K(double[] a, double[] b) => Math.Pow((a.Zip(b, (u, v) => u * v).Sum() / a.Length) + 1, 3);

        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                xx += i == j ? 0 : K(xs[i], xs[j]);
            }

            for (var j = 0; j < 5; j++)
            {
                xy += K(xs[i], ys[j]);
            }
        }

        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 5; j++)
            {
                yy += i == j ? 0 : K(ys[i], ys[j]);
            }
        }

        var expected = (xx / (4 * 3)) + (yy / (5 * 4)) - (2 * xy / (4 * 5));
        // Sums of 41 float64 terms of order 1–10: rounding ~1e-14.
        Assert.Equal(expected, KernelInceptionDistance.Compute(x, y), 1e-12);
        Assert.Equal(K(xs[1], ys[2]), KernelInceptionDistance.PolynomialKernel(x, y)[1, 2].item<double>(), 1e-12);
    }

    [Fact]
    public void BlockwiseSumsEqualTheWholeKernelMatrices()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(19);
        // 2,500 rows span three blocks of 1,024, so the diagonal of each block sits at its own offset.
        var x = randn(2500, 4, dtype: float64, generator: generator);
        var y = randn(1100, 4, dtype: float64, generator: generator) * 1.1;
        var kxx = KernelInceptionDistance.PolynomialKernel(x, x);
        var kyy = KernelInceptionDistance.PolynomialKernel(y, y);
        var expected = (((kxx.sum() - kxx.trace()) / (2500.0 * 2499)) + ((kyy.sum() - kyy.trace()) / (1100.0 * 1099))
            - (2 * KernelInceptionDistance.PolynomialKernel(x, y).mean())).item<double>();
        // Means of ~6e6 float64 terms of order 1–10, summed in another order: agreement to ~1e-14.
        Assert.Equal(expected, KernelInceptionDistance.Compute(x, y), 1e-11);
    }

    [Fact]
    public void IsUnbiasedForTwoSamplesOfOneDistributionWhereTheVStatisticIsNot()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(4);
        const int Draws = 400, N = 30, D = 8;
        var unbiased = new double[Draws];
        var vStatistic = new double[Draws];
        for (var r = 0; r < Draws; r++)
        {
            using var drawScope = NewDisposeScope();
            var x = randn(N, D, dtype: float64, generator: generator);
            var y = randn(N, D, dtype: float64, generator: generator);
            unbiased[r] = KernelInceptionDistance.Compute(x, y);
            // The biased V-statistic: every mean over all n² pairs, the diagonals k(x_i, x_i) included.
            vStatistic[r] = (KernelInceptionDistance.PolynomialKernel(x, x).mean() + KernelInceptionDistance.PolynomialKernel(y, y).mean()
                - (2 * KernelInceptionDistance.PolynomialKernel(x, y).mean())).item<double>();
        }

        var (meanU, errorU) = MeanAndStandardError(unbiased);
        var (meanV, errorV) = MeanAndStandardError(vStatistic);
        // E MMD²_u = 0 for equal distributions: the mean of 400 independent estimates lies within 4 standard errors of
        // 0 (two-sided chance of failing 6e-5 under a normal approximation of the mean).
        Assert.True(Math.Abs(meanU) < 4 * errorU, $"unbiased mean {meanU:G4}, standard error {errorU:G4}");
        // The V-statistic is biased upwards by 2 tr Cov ψ(x) / n: its mean sits many of its standard errors above 0.
        Assert.True(meanV > 20 * errorV, $"V-statistic mean {meanV:G4}, standard error {errorV:G4}");
    }

    [Fact]
    public void IsClearlyPositiveForAShiftedDistribution()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var real = randn(500, 16, dtype: float64, generator: generator);
        var same = randn(500, 16, dtype: float64, generator: generator);
        var shifted = randn(500, 16, dtype: float64, generator: generator) + 0.3;

        var sameValue = KernelInceptionDistance.Compute(real, same);
        var shiftedValue = KernelInceptionDistance.Compute(real, shifted);
        // A shift of 0.3 in each of 16 coordinates moves the kernel mean embedding by far more than the sampling noise
        // of 500 points a side, which sameValue measures (its size is one noise draw).
        Assert.True(shiftedValue > 20 * Math.Abs(sameValue), $"shifted {shiftedValue:G4}, same distribution {sameValue:G4}");
        Assert.True(KernelInceptionDistance.Compute(real, shifted + 0.3) > shiftedValue);
    }

    [Fact]
    public void SubsetsAreSeededAndWholeSetSubsetsReproduceTheFullEstimate()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(6);
        var real = randn(200, 5, dtype: float64, generator: generator);
        var generated = randn(150, 5, dtype: float64, generator: generator) * 1.2;

        // Subsets as large as the data are the data (in another order): every estimate equals the full one.
        var whole = KernelInceptionDistance.Subsets(real.narrow(0, 0, 150), generated, subsets: 3, subsetSize: 1000);
        Assert.Equal(150, whole.SubsetSize);
        Assert.Equal(KernelInceptionDistance.Compute(real.narrow(0, 0, 150), generated), whole.Mean, 1e-12);
        Assert.Equal(0.0, whole.StandardDeviation, 1e-12);

        var a = KernelInceptionDistance.Subsets(real, generated, subsets: 20, subsetSize: 50, seed: 1);
        var b = KernelInceptionDistance.Subsets(real, generated, subsets: 20, subsetSize: 50, seed: 1);
        var c = KernelInceptionDistance.Subsets(real, generated, subsets: 20, subsetSize: 50, seed: 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Mean, c.Mean);
        Assert.True(a.StandardDeviation > 0);
        Assert.Equal(50, a.SubsetSize);
    }

    [Fact]
    public void BadShapesAndMismatchedFeatureSizesGiveSpecificErrors()
    {
        using var scope = NewDisposeScope();
        var good = zeros(10, 4);
        var vector = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(zeros(10), good));
        Assert.Equal("real", vector.ParamName);
        Assert.Contains("[n ≥ 2, d ≥ 1], got [10]", vector.Message, StringComparison.Ordinal);

        var single = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Compute(good, zeros(1, 4)));
        Assert.Equal("generated", single.ParamName);
        Assert.Contains("got [1, 4]", single.Message, StringComparison.Ordinal);

        var mismatch = Assert.Throws<ArgumentException>(() => KernelInceptionDistance.Subsets(good, zeros(10, 3)));
        Assert.Equal("generated", mismatch.ParamName);
        Assert.Contains("real has d = 4, generated has d = 3", mismatch.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => KernelInceptionDistance.Subsets(good, good, subsets: 1));
    }

    private static double[][] Rows(Tensor x) =>
        Enumerable.Range(0, (int)x.shape[0]).Select(i => x[i].data<double>().ToArray()).ToArray();

    private static (double Mean, double StandardError) MeanAndStandardError(double[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance / values.Length));
    }
}
