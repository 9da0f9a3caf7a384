using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

/// <summary>The typicality test's statistic, its batches, Ĥ and the bootstrap threshold, on hand examples and on the
/// D = 100 standard Gaussian of <see cref="GaussianNlls"/>, whose entropy is known exactly.</summary>
public sealed class TypicalityTestTests
{
    [Fact]
    public void TheStatisticIsTheDistanceOfTheBatchMeanNllFromTheEntropyOnEitherSide()
    {
        // Per input (M = 1): |3 − 2| = 1 and |1 − 2| = 1, likelihood too low and too high alike.
        Assert.Equal((1.0, 1.0), (TypicalityTest.Statistic([3.0], 2), TypicalityTest.Statistic([1.0], 2)));
        // M = 2 over [1, 3 | 2, 2.5 | 7]: means 2 and 2.25 → statistics 0 and 0.25; the incomplete batch [7] is left out.
        Assert.Equal([0, 0.25], TypicalityTest.BatchStatistics([1, 3, 2, 2.5, 7], entropy: 2, batchSize: 2));
        Assert.Equal(0.25, TypicalityTest.Statistic([2, 2.5], 2));
    }

    [Fact]
    public void TheEntropyEstimateIsTheMeanNllAndMatchesAGaussiansEntropy()
    {
        Assert.Equal(2.5, TypicalityTest.EstimateEntropy([1, 2, 3, 4]));
        var estimate = TypicalityTest.EstimateEntropy(GaussianNlls.Draw(new Random(5), 4_000));

        // H = (D/2)(log 2π + 1) = 141.894 nats; the NLL's sd is √(D/2) = 7.07, so the mean of 4,000 has sd 0.112: 0.45 is 4 sd.
        Assert.Equal(GaussianNlls.Entropy, estimate, 0.45);
    }

    [Fact]
    public void TheBootstrapThresholdFlagsTheChosenShareOfInDistributionBatches()
    {
        var random = new Random(17);
        var entropyNll = GaussianNlls.Draw(random, 4_000);
        var calibrationNll = GaussianNlls.Draw(random, 4_000);
        var test = TypicalityTest.Fit(entropyNll, calibrationNll, batchSize: 4, falsePositiveRate: 0.05, bootstrapBatches: 20_000, seed: 3);
        var fresh = GaussianNlls.Draw(random, 40_000);

        var flagged = Enumerable.Range(0, 10_000).Count(b => test.IsOutOfDistribution(fresh[(4 * b)..(4 * (b + 1))])) / 10_000.0;

        // Binomial sd on 10,000 batches: √(0.05 · 0.95 / 10,000) = 0.0022; the threshold's own error from 4,000 calibration
        // NLLs adds about as much. ±0.01 is over 3 sd of both combined; the (α)-quantile by mistake would flag 95 %.
        Assert.InRange(flagged, 0.04, 0.06);
        // The same seed draws the same bootstrap batches.
        Assert.Equal(test.Threshold, TypicalityTest.Fit(entropyNll, calibrationNll, 4, 0.05, 20_000, seed: 3).Threshold);
    }

    [Fact]
    public void InvalidInputsAreRefusedWithTheReason()
    {
        double[] some = [1, 2, 3, 4];
        var test = TypicalityTest.Fit(some, some, batchSize: 4);

        Assert.Equal("This test's threshold was calibrated for batches of M = 4 inputs; the batch holds 3. (Parameter 'batchNll')",
            Assert.Throws<ArgumentException>(() => test.Statistic([1.0, 2, 3])).Message);
        Assert.Equal("At least one NLL is needed. (Parameter 'nll')", Assert.Throws<ArgumentException>(() => TypicalityTest.EstimateEntropy([])).Message);
        Assert.StartsWith("NLL 1 is Infinity; the entropy estimate needs finite NLLs",
            Assert.Throws<ArgumentException>(() => TypicalityTest.EstimateEntropy([1, double.PositiveInfinity])).Message, StringComparison.Ordinal);
        Assert.StartsWith("NLL 0 is -Infinity;", Assert.Throws<ArgumentException>(() => TypicalityTest.Statistic([double.NegativeInfinity], 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TypicalityTest.Fit(some, some, 1, falsePositiveRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TypicalityTest.Fit(some, some, 1, falsePositiveRate: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TypicalityTest.Fit(some, some, batchSize: 0));
        Assert.Equal("calibrationNll", Assert.Throws<ArgumentException>(() => TypicalityTest.Fit(some, [], 1)).ParamName);
    }
}
