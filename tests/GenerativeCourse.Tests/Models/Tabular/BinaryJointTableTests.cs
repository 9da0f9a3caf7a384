using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.Tabular;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Tabular;

public sealed class BinaryJointTableTests
{
    public BinaryJointTableTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void ProbabilitiesOfAllBinaryVectorsSumToOneAfterFitting(int dimensions)
    {
        using var scope = NewDisposeScope();
        using var model = new BinaryJointTable(new BinaryJointTableOptions(dimensions)).to(float64);
        model.Fit(SkewedData(500, dimensions, seed: 3), pseudoCount: 0.5);

        // float64 table entries each carry ~1e-16 relative error; 4,096 of them sum to 1 within 1e-12.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-12);
    }

    [Fact]
    public void ANewTableIsUniform()
    {
        using var scope = NewDisposeScope();
        using var model = new BinaryJointTable(new BinaryJointTableOptions(6));

        var logProb = model.LogProb(BinaryVectors.Enumerate(6));

        // float32 of −6 ln 2 ≈ −4.159: representable to ~5e-7.
        Assert.True((logProb + (6 * Math.Log(2))).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void FitGivesTheSmoothedFrequencyOfEachVector()
    {
        using var scope = NewDisposeScope();
        using var model = new BinaryJointTable(new BinaryJointTableOptions(2)).to(float64);
        // Rows 00, 01, 01, 11: counts [1, 2, 0, 1] over the cells 00, 01, 10, 11.
        var data = tensor(new double[] { 0, 0, 0, 1, 0, 1, 1, 1 }).reshape(4, 2);

        model.Fit(data, pseudoCount: 1);

        // (count + 1) / (4 + 4·1): exact fractions, computed in float64.
        double[] expected = [2.0 / 8, 3.0 / 8, 1.0 / 8, 2.0 / 8];
        var actual = model.LogProbabilities.exp().data<double>().ToArray();
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void UnsmoothedTableIsTheMaximumLikelihoodSoItScoresItsTrainingDataAtLeastAsWellAsIndependentPixels()
    {
        using var scope = NewDisposeScope();
        var data = SkewedData(2_000, 5, seed: 11);
        using var table = new BinaryJointTable(new BinaryJointTableOptions(5)).to(float64);
        using var independent = new IndependentBernoulli(new IndependentBernoulliOptions(5)).to(float64);
        table.Fit(data, pseudoCount: 0);
        independent.FitMarginals(data, pseudoCount: 0);

        var tableLogLikelihood = table.LogProb(data).mean().item<double>();
        var independentLogLikelihood = independent.LogProb(data).mean().item<double>();

        // The table is the maximum-likelihood member of the largest family; the gap is the data's
        // multi-information, > 0 here because the columns are built correlated (SkewedData).
        Assert.True(tableLogLikelihood > independentLogLikelihood + 0.01,
            $"table {tableLogLikelihood:F4} should beat independent {independentLogLikelihood:F4}");
    }

    [Fact]
    public void SamplingFrequenciesAgreeWithLogProb()
    {
        using var scope = NewDisposeScope();
        using var model = new BinaryJointTable(new BinaryJointTableOptions(4));
        model.Fit(SkewedData(300, 4, seed: 5), pseudoCount: 2); // α = 2 keeps every cell's expected count ≥ 5 below

        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, samples: 20_000, seed: 6);

        Assert.True(smallestExpected >= 5, $"χ² needs expected counts ≥ 5, smallest is {smallestExpected:F1}");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} ≥ {DensityModelChecks.ChiSquareCritical15}");
    }

    [Fact]
    public void SamplesAreBinaryAndReproducibleWithTheSameGenerator()
    {
        using var model = new BinaryJointTable(new BinaryJointTableOptions(9));
        model.Fit(SkewedData(100, 9, seed: 8));

        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 50, seed: 9);
    }

    [Fact]
    public void TablesTooLargeToEnumerateAreRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryJointTable(new BinaryJointTableOptions(BinaryVectors.MaxDimensions + 1)));
        Assert.Contains("2^D cells", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Correlated binary columns: x_0 is a biased coin and each later column copies the previous one with probability 0.8.</summary>
    private static Tensor SkewedData(int rows, int dimensions, ulong seed)
    {
        var generator = new Generator(seed);
        var columns = new List<Tensor> { bernoulli(full(rows, 0.3), generator) };
        for (var d = 1; d < dimensions; d++)
        {
            var keep = bernoulli(full(rows, 0.8), generator);
            var fresh = bernoulli(full(rows, 0.5), generator);
            columns.Add((keep * columns[^1]) + ((1 - keep) * fresh));
        }

        return stack(columns, 1);
    }
}
