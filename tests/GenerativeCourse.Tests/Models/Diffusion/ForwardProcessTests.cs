using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

public sealed class ForwardProcessTests
{
    public ForwardProcessTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ClosedFormMarginalHasTheMomentsOfTheChainRunStepByStep()
    {
        using var scope = NewDisposeScope();
        const int N = 40_000;
        foreach (var schedule in new[] { NoiseSchedule.Linear(200, 1e-3, 0.05), NoiseSchedule.Cosine(200) })
        {
            var process = new ForwardProcess(schedule);
            var x0 = tensor(new[] { -1.0f, -0.3f, 0.5f, 1.0f }).expand(N, 4).contiguous();               // [N, 4]
            var chain = x0.clone();
            var generator = new Generator(21);
            for (var step = 1; step <= schedule.Steps; step++)
            {
                using var stepScope = NewDisposeScope();
                var next = process.Step(chain, step, generator);
                chain.Dispose();
                chain = next.MoveToOuterDisposeScope();
                if (step is 10 or 60 or 200)
                {
                    var (closed, _) = process.Sample(x0, full(N, step, dtype: int64), new Generator((ulong)(100 + step)));
                    var alphaBar = schedule.AlphaBar(step);
                    var mean = Math.Sqrt(alphaBar) * x0[0].to_type(float64);
                    var variance = 1 - alphaBar;
                    foreach (var (name, sample) in new[] { ("chain", chain), ("closed form", closed) })
                    {
                        var m = sample.to_type(float64).mean([0]);
                        var v = sample.to_type(float64).var(0);
                        // N = 40,000 independent Gaussian draws per coordinate: the mean has standard error √(v/N), the
                        // variance √(2/(N − 1))·v; 5 standard errors are exceeded with probability 6·10⁻⁷ each (fixed seeds).
                        var meanTolerance = 5 * Math.Sqrt(variance / N);
                        var varianceTolerance = 5 * Math.Sqrt(2.0 / (N - 1)) * variance;
                        Assert.True((m - mean).abs().max().item<double>() < meanTolerance, $"{schedule}, {name}, t = {step}: mean {Show(m)} vs {Show(mean)}");
                        Assert.True((v - variance).abs().max().item<double>() < varianceTolerance, $"{schedule}, {name}, t = {step}: variance {Show(v)} vs {variance}");
                    }

                    // The check is sharp: at t = 10 the tolerance on the variance is below the change of 1 − ᾱ in one step.
                    if (step == 10)
                    {
                        Assert.True(schedule.AlphaBar(9) - schedule.AlphaBar(10) > 5 * Math.Sqrt(2.0 / (N - 1)) * variance, $"{schedule}: not sharp");
                    }
                }
            }
        }
    }

    private static string Show(Tensor t) => string.Join(", ", t.to_type(float64).flatten().data<double>().ToArray().Select(v => v.ToString("F4")));

    [Fact]
    public void SamplingIsTheReparameterisationAndTheSameSeedGivesTheSameDraw()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Cosine(50);
        var process = new ForwardProcess(schedule);
        var x0 = randn([5, 1, 4, 4], generator: new Generator(1));
        var t = tensor(new long[] { 0, 1, 17, 49, 50 });
        var (first, noise) = process.Sample(x0, t, new Generator(2));
        var (second, _) = process.Sample(x0, t, new Generator(2));
        Assert.True(first.equal(second).all().item<bool>());
        for (var i = 0; i < 5; i++)
        {
            var alphaBar = schedule.AlphaBar((int)t[i].item<long>());
            var expected = (Math.Sqrt(alphaBar) * x0[i]) + (Math.Sqrt(1 - alphaBar) * noise[i]);
            Assert.True(allclose(first[i], expected, rtol: 1e-5, atol: 1e-6), $"example {i}");
        }

        Assert.True(allclose(first[0], x0[0]), "t = 0 is the data");
        Assert.Throws<ArgumentException>(() => process.Sample(x0, tensor(new long[] { 1, 2 })));
    }
}
