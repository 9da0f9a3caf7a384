using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class RocCurveTests
{
    [Fact]
    public void PerfectlySeparatedScoresHaveAreaOne()
    {
        var curve = RocCurve.FromScores([5.0, 6, 7, 100], [-3.0, 0, 1, 4.9]);

        // Every anomaly scores above every normal input: all 16 pairs count 1. Sums of quarters and halves are exact in binary.
        Assert.Equal(1.0, curve.Auc);
        Assert.Equal(1.0, curve.TruePositiveRateAt(0.0));
        Assert.Equal(new RocPoint(0, 0, double.PositiveInfinity), curve.Points[0]);
        Assert.Equal((1.0, 1.0), (curve.Points[^1].FalsePositiveRate, curve.Points[^1].TruePositiveRate));
    }

    [Fact]
    public void ReversedScoresHaveAreaZero()
    {
        Assert.Equal(0.0, RocCurve.FromScores([-1.0, -2], [3.0, 4, 5]).Auc);
    }

    [Fact]
    public void ScoresFromTheSameDistributionHaveAreaNearOneHalf()
    {
        var random = new Random(7);
        var anomalies = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();
        var normals = Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray();

        // Under H0 the AUC has standard deviation √((n₊ + n₋ + 1) / (12 n₊ n₋)) = √(4001 / 48e6) ≈ 0.0091; 0.03 is 3.3 σ.
        Assert.InRange(RocCurve.FromScores(anomalies, normals).Auc, 0.47, 0.53);
    }

    [Fact]
    public void AreaEqualsTheMannWhitneyStatisticOverPairsOnAHandExampleWithTies()
    {
        double[] anomalies = [3, 2, 2, 0.5];
        double[] normals = [1, 2, 0, 0.5, 2];

        // By hand, pair by pair ([>] = 1, [=] = ½): 3 beats all 5 → 5; each 2 beats 1, 0 and 0.5 and ties two 2s → 4 each;
        // 0.5 beats 0 and ties 0.5 → 1.5. U = 5 + 4 + 4 + 1.5 = 14.5 of 4 · 5 = 20 pairs.
        var u = RocCurve.MannWhitneyU(anomalies, normals);
        var curve = RocCurve.FromScores(anomalies, normals);

        Assert.Equal(14.5, u, 12);
        Assert.Equal(14.5 / 20, curve.Auc, 12);
        // Ties move the curve diagonally: the threshold 2 flags two anomalies and two normal inputs at once.
        Assert.Contains(curve.Points, p => p.Threshold == 2 && p.TruePositiveRate == 0.75 && p.FalsePositiveRate == 0.4);
    }

    [Fact]
    public void AreaEqualsTheRankStatisticOnRandomScoresWithManyTies()
    {
        var random = new Random(11);
        var anomalies = Enumerable.Range(0, 300).Select(_ => (double)random.Next(10) + 1).ToArray();
        var normals = Enumerable.Range(0, 200).Select(_ => (double)random.Next(10)).ToArray();
        var pairs = anomalies.Sum(a => normals.Sum(n => a > n ? 1.0 : a == n ? 0.5 : 0.0));

        // Three computations of one integer-or-half count (≤ 60,000): rounding of float64 sums of ≤ 500 terms, far below 1e-9.
        Assert.Equal(pairs, RocCurve.MannWhitneyU(anomalies, normals), 9);
        Assert.Equal(pairs / (300 * 200), RocCurve.FromScores(anomalies, normals).Auc, 12);
    }

    [Fact]
    public void RefusesNaNAndEmptyScores()
    {
        Assert.Throws<ArgumentException>(() => RocCurve.FromScores([double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => RocCurve.FromScores([], [1.0]));
    }
}
