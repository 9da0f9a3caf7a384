using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class NadeTests
{
    public NadeTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(1, 3, 0UL)]
    [InlineData(4, 5, 0UL)]
    [InlineData(10, 8, 0UL)]
    [InlineData(10, 8, 11UL)]
    [InlineData(10, 8, 12UL)]
    [InlineData(12, 6, 13UL)]
    public void ProbabilitiesOfAllBinaryVectorsSumToOne(int dimensions, int hidden, ulong orderingSeed)
    {
        using var model = WithRandomWeights(dimensions, hidden, seed: 100 + orderingSeed, scale: 1.5, orderingSeed).to(float64);

        // float64 and at most 4,096 terms: rounding stays near 1e-14. A conditional that saw x_d itself or a later
        // variable would miss normalisation by far more than 1e-10.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-10);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(5UL)]
    public void FastLogitsEqualTheNaivePerConditionalComputation(ulong orderingSeed)
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(30, 20, seed: 3, scale: 1.0, orderingSeed);
        var x = bernoulli(full(16, 30, 0.5), new Generator(4));

        var fast = model.forward(x);
        var naive = NadeReference.Logits(model, x);

        // float32: a_d sums ≤ 29 terms of size ~1 in a different order (prefix sum vs matmul), and the logit sums
        // 20 more; each rounding is ~6e-8 relative, so the two agree to a few 1e-6 — inside the 1e-5.
        Assert.True((fast - naive).abs().max().item<float>() < 1e-5f);
        using var model64 = model.to(float64);
        var x64 = x.to(float64);
        var difference = model64.LogProb(x64) - LogDensities.BernoulliLogProb(NadeReference.Logits(model64, x64), x64);
        Assert.True(difference.abs().max().item<double>() < 1e-12); // float64: the same sums, ~1e-15 each
    }

    [Fact]
    public void ABatchSplitIntoChunksGivesTheNaiveLogProbAndGradient()
    {
        using var scope = NewDisposeScope();
        // D·H = 120 numbers per example and blocks of 300: forward cuts 7 examples into chunks of 2, 2, 2 and 1.
        using var model = WithRandomWeights(12, 10, seed: 8, scale: 1.0, orderingSeed: 6).to(float64);
        model.ChunkElements = 300;
        var x = bernoulli(full(7, 12, 0.5, dtype: float64), new Generator(9));

        var fast = model.LogProb(x);
        var fastGradient = autograd.grad([fast.sum()], [model.InputWeights])[0];
        var naive = LogDensities.BernoulliLogProb(NadeReference.Logits(model, x), x);
        var naiveGradient = autograd.grad([naive.sum()], [model.InputWeights])[0];

        // float64 sums of a few terms: agreement to ~1e-15; a chunk dropped, repeated or misplaced changes log p
        // by nats and the gradient by O(1).
        Assert.True((fast - naive).abs().max().item<double>() < 1e-10);
        Assert.True((fastGradient - naiveGradient).abs().max().item<double>() < 1e-10);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(7UL)]
    public void FastSamplingDrawsTheSameImagesAsNaiveSampling(ulong orderingSeed)
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(25, 12, seed: 5, scale: 2.0, orderingSeed).to(float64);

        var fast = model.Sample(40, new Generator(6));
        var naive = NadeReference.Sample(model, 40, new Generator(6));

        // Both consume the generator identically and their probabilities differ by ~1e-16 (float64), so a draw
        // could only differ if a uniform number fell within 1e-16 of p: for 1,000 draws, never in practice.
        Assert.True(fast.equal(naive).all().item<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SamplingFrequenciesAgreeWithLogProb(bool reversed)
    {
        using var model = WithRandomWeights(4, 6, seed: 31, scale: 1.0, orderingSeed: 0, ordering: reversed ? [3, 2, 1, 0] : null);

        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, samples: 20_000, seed: 32);

        Assert.True(smallestExpected >= 5, $"χ² needs expected counts ≥ 5, smallest is {smallestExpected:F1}");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} ≥ {DensityModelChecks.ChiSquareCritical15}");
    }

    [Fact]
    public void SamplesAreBinaryAndReproducibleWithTheSameGenerator()
    {
        using var model = WithRandomWeights(9, 7, seed: 41, scale: 1.0, orderingSeed: 3);

        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 30, seed: 7);
        Assert.Equal(new long[] { 0, 9 }, model.Sample(0).shape);
        Assert.Equal(new long[] { 0 }, model.LogProb(zeros(0, 9)).shape);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(9UL)]
    public void OutputDependsOnlyOnEarlierInputs(ulong orderingSeed)
    {
        using var scope = NewDisposeScope();
        const int D = 8;
        using var model = WithRandomWeights(D, 10, seed: 21, scale: 1.0, orderingSeed).to(float64);
        var position = Positions(model.Ordering);
        var x = bernoulli(full(3, D, 0.5, dtype: float64), new Generator(22)).requires_grad_();

        var logits = model.forward(x); // [3, D]
        for (var d = 0; d < D; d++)
        {
            var gradient = autograd.grad([logits[.., d].sum()], [x], retain_graph: true)[0].abs().sum(dim: 0); // [D]
            for (var j = 0; j < D; j++)
            {
                // Exactly 0 for j at or after d (no path exists); sigmoid units with random weights give every
                // earlier input a nonzero effect.
                var value = gradient[j].item<double>();
                Assert.True(position[j] < position[d] ? value > 0 : value == 0, $"∂logit_{d}/∂x_{j} = {value}");
            }
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(8UL)]
    public void InpaintingKeepsObservedPixelsBitExactly(ulong orderingSeed)
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(16, 8, seed: 51, scale: 1.5, orderingSeed);
        // Grey values, not just 0/1, so that any recomputation or rounding of an observed pixel would show.
        var x = rand(20, 16, generator: new Generator(52));
        var observed = rand(20, 16, generator: new Generator(53)) < 0.5;

        var filled = model.Inpaint(x, observed, new Generator(54));

        Assert.True(filled.masked_select(observed).equal(x.masked_select(observed)).all().item<bool>());
        var unobserved = filled.masked_select(observed.logical_not());
        Assert.True((unobserved == 0).logical_or(unobserved == 1).all().item<bool>());
        // A [D] mask applies to every image.
        var top = arange(16) < 8;
        Assert.True(model.Inpaint(x, top, new Generator(54))[.., ..8].equal(x[.., ..8]).all().item<bool>());
    }

    [Fact]
    public void InpaintingAfterAnObservedPrefixDrawsTheExactConditional()
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(4, 6, seed: 61, scale: 1.0, orderingSeed: 0, ordering: [2, 0, 3, 1]);
        const int N = 20_000;
        var x = zeros(N, 4);
        x[.., 2] = 1; // observe x_2 = 1, the first variable generated
        var observed = tensor(new[] { false, false, true, false });

        var filled = model.Inpaint(x, observed, new Generator(62));

        // Expected counts: N p(x | x_2 = 1) = N p(x) / p(x_2 = 1) on the 8 outcomes with x_2 = 1.
        var all = BinaryVectors.Enumerate(4);
        var compatible = all[.., 2] == 1;
        var p = model.LogProb(all).detach().to(float64).exp()[compatible];
        var expected = p / p.sum() * N;
        var observedCounts = bincount(BinaryVectors.IndexOf(filled), minlength: 16).to(float64)[compatible];
        var statistic = ((observedCounts - expected).square() / expected).sum().item<double>();
        Assert.Equal(N, observedCounts.sum().item<double>()); // every completion kept x_2 = 1
        Assert.True(expected.min().item<double>() >= 5);
        // χ²₀.₉₉₉ with 7 degrees of freedom (8 outcomes − 1): a correct sampler exceeds it once in 1,000 seeds.
        Assert.True(statistic < 24.322, $"χ² = {statistic:F1}");
    }

    [Fact]
    public void ASavedModelReloadsWithTheSameDensity()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"nade-{Guid.NewGuid():N}.dat");
        using var saved = WithRandomWeights(6, 5, seed: 71, scale: 1.0, orderingSeed: 4);
        using var loaded = new Nade(saved.Options, new Generator(72));
        try
        {
            saved.save(path);
            loaded.load(path);
        }
        finally
        {
            File.Delete(path);
        }

        var x = BinaryVectors.Enumerate(6);
        Assert.True(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>()); // same numbers, same operations
    }

    [Fact]
    public void StoredParametersAreTheNadeCount()
    {
        using var model = new Nade(new NadeOptions(784), new Generator(1));

        Assert.Equal(ParameterCount.Nade(784, 500), ParameterCount.Stored(model));
    }

    [Fact]
    public void ConvertingToFloat64UpdatesTheParametersTheModelUses()
    {
        using var model = new Nade(new NadeOptions(3, 2), new Generator(1)).to(float64);

        Assert.Equal(float64, model.InputWeights.dtype);
        Assert.Equal(float64, model.OutputWeights.dtype);
        Assert.Equal(4, model.parameters().Count(p => p.dtype == float64));
    }

    [Fact]
    public void OrderingsThatAreNotPermutationsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Nade(new NadeOptions(3, 2, [0, 2, 2])));
        Assert.Contains("exactly once", error.Message, StringComparison.Ordinal);
    }

    internal static Nade WithRandomWeights(int dimensions, int hidden, ulong seed, double scale, ulong orderingSeed, int[]? ordering = null)
    {
        var generator = new Generator(seed);
        if (orderingSeed != 0)
        {
            ordering = new GenerativeCourse.Data.SplitMix64(orderingSeed).Permutation(dimensions);
        }

        var model = new Nade(new NadeOptions(dimensions, hidden, ordering), generator);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.InputWeights.copy_(randn(hidden, dimensions, generator: generator) * scale);
        model.HiddenBias.copy_(randn(hidden, generator: generator) * scale);
        model.OutputWeights.copy_(randn(dimensions, hidden, generator: generator) * scale);
        model.OutputBias.copy_(randn(dimensions, generator: generator) * scale);
        return model;
    }

    private static int[] Positions(IReadOnlyList<int> ordering)
    {
        var position = new int[ordering.Count];
        for (var i = 0; i < ordering.Count; i++)
        {
            position[ordering[i]] = i;
        }

        return position;
    }
}
