using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class PrecisionRecallTests
{
    public PrecisionRecallTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void HandCheckedOneDimensionalExampleWithOneNeighbour()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new double[] { 0, 1, 3 }).unsqueeze(1);
        var generated = tensor(new double[] { 0.3, 0.5, 4.5 }).unsqueeze(1);
        // Real radii (distance to the nearest other real point): 0 → 1, 1 → 1, 3 → 2. Generated 0.3 and 0.5 lie in
        // the ball of 0 (radius 1), 4.5 in the ball of 3 (|4.5 − 3| = 1.5 ≤ 2): precision 3/3.
        // Generated radii: 0.3 → 0.2, 0.5 → 0.2, 4.5 → 4. Real 0 is 0.3 from 0.3, 0.5 from 0.5 and 4.5 from 4.5, each
        // beyond the radius: outside. Real 1 (3.5 from 4.5) and 3 (1.5 from 4.5) lie in the ball of 4.5: recall 2/3.
        var report = PrecisionRecall.Compute(real, generated, k: 1);
        Assert.Equal(1.0, report.Precision);
        Assert.Equal(2.0 / 3, report.Recall, 1e-15);
        Assert.Equal((1, 3, 3), (report.K, report.Real, report.Generated));
    }

    [Fact]
    public void BlockwiseCountsEqualTheDefinitionOnTheWholeDistanceMatrix()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(20);
        // 2,200 generated rows against 2,500 real ones span two blocks of ⌊2²²/2500⌋ = 1,677 rows.
        var real = randn(2500, 3, dtype: float64, generator: generator);
        var generated = (randn(2200, 3, dtype: float64, generator: generator) * 1.3) + 0.4;
        const int K = 3;
        // Row i of a set's own distance matrix, sorted, holds 0 (itself) and then its neighbours: column K is the radius.
        var realRadii = cdist(real, real).sort(1).Values.select(1, K);                              // [2500]
        var generatedRadii = cdist(generated, generated).sort(1).Values.select(1, K);               // [2200]
        var distances = cdist(generated, real);                                                     // [2200, 2500]
        var precision = (distances <= realRadii.unsqueeze(0)).any(1).to(float64).mean().item<double>();
        var recall = (distances <= generatedRadii.unsqueeze(1)).any(0).to(float64).mean().item<double>();

        var report = PrecisionRecall.Compute(real, generated, K);
        // Continuous data put no point on a ball's boundary, so rounding cannot move a count: equal fractions.
        Assert.Equal(precision, report.Precision, 1e-15);
        Assert.Equal(recall, report.Recall, 1e-15);
        Assert.InRange(report.Precision, 0.3, 0.99);   // a case where both directions are partial
        Assert.InRange(report.Recall, 0.3, 0.99);
    }

    [Fact]
    public void IdenticalSetsHaveFullPrecisionAndRecall()
    {
        using var scope = NewDisposeScope();
        var x = randn(3000, 16, generator: new Generator(9));
        var report = PrecisionRecall.Compute(x, x.clone());
        Assert.Equal(1.0, report.Precision);
        Assert.Equal(1.0, report.Recall);
    }

    [Fact]
    public void ACollapsedModelKeepsPrecisionAndLosesRecall()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(10);
        // Five unit Gaussian modes in 4-D, 8 apart: 600 real points each. The model samples mode 0 only.
        var centres = 8 * eye(5, 4, dtype: float64);                                              // [5, 4], row 4 is 0
        var real = centres.repeat_interleave(600, 0) + randn(3000, 4, dtype: float64, generator: generator);
        var collapsed = centres[0].expand(600, 4) + randn(600, 4, dtype: float64, generator: generator);

        var report = PrecisionRecall.Compute(real, collapsed);
        // Precision: a fresh point of mode 0 lands in one of the 600 real 3-NN balls of that mode most of the time in
        // 4-D (measured 0.947; 0.908 for a whole fresh set in the test below). Recall: the generated balls reach no
        // other mode (8 apart, radii under 2), so at most the 600 real points of mode 0, a fifth (measured 0.189).
        Assert.True(report.Precision > 0.9, report.ToString());
        Assert.InRange(report.Recall, 0.15, 0.2);
    }

    [Fact]
    public void AShiftedModelHasLowPrecision()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var real = randn(2000, 8, dtype: float64, generator: generator);
        var shifted = randn(2000, 8, dtype: float64, generator: generator) + 3.0;
        var fresh = randn(2000, 8, dtype: float64, generator: generator);

        var good = PrecisionRecall.Compute(real, fresh);
        var bad = PrecisionRecall.Compute(real, shifted);
        // A shift of 3 in each of 8 coordinates, 8.5 standard deviations in all, leaves few samples near the data (a
        // shift of 2 measured precision 0.079, recall 0.058); a fresh set of the same law measured 0.908 and 0.892.
        Assert.True(bad.Precision < 0.02, bad.ToString());
        Assert.True(bad.Recall < 0.02, bad.ToString());
        Assert.True(good.Precision > 0.8 && good.Recall > 0.8, good.ToString());
    }

    [Fact]
    public void NeedsKPlusOneRowsAndOneFeatureSize()
    {
        using var scope = NewDisposeScope();
        var few = Assert.Throws<ArgumentException>(() => PrecisionRecall.Compute(zeros(10, 2), zeros(3, 2), k: 3));
        Assert.Equal("generated", few.ParamName);
        Assert.Contains("[n ≥ 4, d ≥ 1], got [3, 2]", few.Message, StringComparison.Ordinal);
        var mismatch = Assert.Throws<ArgumentException>(() => PrecisionRecall.Compute(zeros(10, 2), zeros(10, 5)));
        Assert.Contains("real has d = 2, generated has d = 5", mismatch.Message, StringComparison.Ordinal);
    }
}
