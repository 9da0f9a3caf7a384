using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class ModeCoverageTests
{
    public ModeCoverageTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TrueSamplesCoverAllModesWithTheGaussianHighQualityRate()
    {
        using var scope = NewDisposeScope();
        const int N = 20_000;
        var report = ModeCoverage.EightGaussians(Toy2D.EightGaussians.Sample(N, new Generator(1)), Toy2D.EightGaussians);

        // |ε|/σ of an isotropic 2-D Gaussian is Rayleigh: P(|ε| ≤ 3σ) = 1 − e^(−9/2) = 0.98889. Binomial sd over
        // 20,000 samples is 0.00074; 5 sd is 0.0037.
        Assert.Equal(8, report.Modes);
        Assert.Equal(8, report.ModesCovered);
        Assert.Equal(1 - Math.Exp(-4.5), report.HighQualityRate, 0.0037);
        Assert.Equal(report.HighQualityPerMode.Sum(), (int)Math.Round(report.HighQualityRate * N));
        // Each mode holds N/8 = 2500 in expectation (binomial sd 47): all within 5 sd after the 1.1 % loss.
        Assert.All(report.HighQualityPerMode, c => Assert.InRange(c, 2472 - 235, 2472 + 235));
    }

    [Fact]
    public void CollapsedAndInBetweenSamplesAreCountedAsSuch()
    {
        using var scope = NewDisposeScope();
        var toy = Toy2D.EightGaussians;
        var centers = toy.CentersTensor();
        // Mode collapse: every sample on mode 2 (within 1σ), so one mode and a perfect rate.
        var collapsed = centers[2].expand(1000, 2) + (0.02 * randn(1000, 2, generator: new Generator(2)).clamp(-0.7, 0.7));
        var one = ModeCoverage.EightGaussians(collapsed, toy);
        Assert.Equal(1, one.ModesCovered);
        Assert.Equal(1.0, one.HighQualityRate);
        Assert.Equal(1000, one.HighQualityPerMode[2]);

        // Samples halfway between neighbouring modes (0.77 from each, 38σ): no mode, rate 0.
        var between = (centers + centers.roll(1, 0)) / 2;
        var none = ModeCoverage.EightGaussians(between, toy);
        Assert.Equal(0, none.ModesCovered);
        Assert.Equal(0.0, none.HighQualityRate);

        // A few stray points do not make a mode: 5 of 1000 on mode 0 is under the 1 % share.
        var stray = cat([collapsed[TensorIndex.Slice(0, 995)], centers[0].expand(5, 2)]);
        var report = ModeCoverage.EightGaussians(stray, toy);
        Assert.Equal(1, report.ModesCovered);
        Assert.Equal(5, report.HighQualityPerMode[0]);
    }
}
