using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class MadeTests
{
    public MadeTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(10, new[] { 16 }, false, 0)]
    [InlineData(10, new[] { 16 }, true, 0)]
    [InlineData(10, new[] { 16 }, true, 1)]
    [InlineData(10, new[] { 12, 12 }, true, 2)]
    [InlineData(10, new[] { 12, 12 }, true, 3)]
    [InlineData(12, new int[0], true, 0)]
    [InlineData(1, new[] { 4 }, false, 0)]
    [InlineData(10, new[] { 16 }, false, 0, true)]
    [InlineData(10, new[] { 12, 12 }, true, 2, true)]
    [InlineData(10, new int[0], true, 1, true)]
    public void ProbabilitiesOfAllBinaryVectorsSumToOne(int dimensions, int[] hidden, bool randomOrderings, int mask, bool direct = false)
    {
        using var model = WithBiggerWeights(new MadeOptions(dimensions, hidden, randomOrderings, Masks: 4, MaskSeed: 5, DirectConnections: direct), seed: 1);
        model.UseMask(mask);

        // float64 and at most 4,096 terms: rounding stays near 1e-14. A logit that saw its own variable or a later
        // one would miss normalisation by far more than 1e-10.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-10);
    }

    [Theory]
    [InlineData(new[] { 32 }, false)]
    [InlineData(new[] { 32 }, true)]
    [InlineData(new[] { 24, 24 }, false)]
    [InlineData(new[] { 24, 24 }, true)]
    [InlineData(new[] { 32 }, false, true)]
    [InlineData(new[] { 24, 24 }, true, true)]
    public void OutputDependsOnlyOnEarlierInputs(int[] hidden, bool randomOrderings, bool direct = false)
    {
        using var scope = NewDisposeScope();
        const int D = 8;
        using var model = WithBiggerWeights(new MadeOptions(D, hidden, randomOrderings, Masks: 3, MaskSeed: 9, DirectConnections: direct), seed: 2);
        var x = bernoulli(full(32, D, 0.5, dtype: float64), new Generator(3)).requires_grad_();
        for (var mask = 0; mask < 3; mask++)
        {
            model.UseMask(mask);
            var position = MadeMasks.InputDegrees(model.Ordering); // 1-based positions in the ordering
            var logits = model.forward(x);                         // [32, D]
            var anyDependence = false;
            for (var d = 0; d < D; d++)
            {
                var gradient = autograd.grad([logits[.., d].sum()], [x], retain_graph: true)[0].abs().sum(dim: 0); // [D]
                for (var j = 0; j < D; j++)
                {
                    var value = gradient[j].item<double>();
                    if (position[j] >= position[d])
                    {
                        Assert.True(value == 0, $"mask {mask}: ∂logit_{d}/∂x_{j} = {value} although x_{j} is not earlier");
                    }

                    anyDependence |= value > 0;
                }
            }

            Assert.True(anyDependence, "the check is only meaningful if some logit depends on some input");
        }
    }

    [Theory]
    [InlineData(new[] { 20 }, false)]
    [InlineData(new[] { 20, 20 }, true)]
    public void MaskProductConnectsOnlyEarlierInputs(int[] hidden, bool randomOrderings)
    {
        using var scope = NewDisposeScope();
        const int D = 9;
        var connectivity = MadeMasks.Draw(D, hidden, randomOrderings, seed: 17);
        var position = MadeMasks.InputDegrees(connectivity.Ordering);

        // Entry (v, j) of M^out ⋯ M^1 counts the paths from input j to output v.
        var paths = MadeMasks.Masks(connectivity).Aggregate((below, above) => above.matmul(below)); // [D, D]

        for (var v = 0; v < D; v++)
        {
            for (var j = 0; j < D; j++)
            {
                var count = paths[v, j].item<float>();
                Assert.True(position[j] < position[v] || count == 0, $"{count} paths from x_{j} to output {v}");
            }
        }
    }

    [Fact]
    public void EnsembleLogProbIsTheLogMeanExpOfThePerMaskLogProbs()
    {
        using var scope = NewDisposeScope();
        using var model = WithBiggerWeights(new MadeOptions(6, [16], RandomOrderings: true, Masks: 5, MaskSeed: 3), seed: 4);
        model.UseMask(2);
        var x = BinaryVectors.Enumerate(6, float64);

        var ensemble = model.EnsembleLogProb(x, 4);

        var probabilities = zeros(64, dtype: float64);
        for (var k = 0; k < 4; k++)
        {
            model.UseMask(k);
            probabilities += model.LogProb(x).exp();
        }

        // float64; the log-probabilities are around −4, where exp and log lose nothing measurable.
        Assert.True((ensemble - (probabilities / 4).log()).abs().max().item<double>() < 1e-12);
        Assert.Equal(1.0, ensemble.exp().sum().item<double>(), 1e-10); // a mixture of distributions is one
        model.UseMask(2);
        var averagedLogits = BernoulliOfMeanLogits(model, x, 4);
        Assert.True((averagedLogits - ensemble).abs().max().item<double>() > 1e-3, "averaging logits is a different model");
    }

    [Fact]
    public void EnsembleLogProbRestoresTheCurrentMask()
    {
        using var scope = NewDisposeScope();
        using var model = new Made(new MadeOptions(5, [8], RandomOrderings: true, Masks: 3), new Generator(1));
        model.ResampleMasks(new Generator(2));
        var before = model.Layers.Select(l => l.Mask.clone()).ToArray();
        var ordering = model.Ordering.ToArray();

        model.EnsembleLogProb(zeros(2, 5), 3);

        Assert.Null(model.CurrentMask);
        Assert.Equal(ordering, model.Ordering);
        Assert.All(model.Layers.Zip(before), pair => Assert.True(pair.First.Mask.equal(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void TheSameSeedGivesTheSameMasksAndNextMaskCycles()
    {
        using var first = new Made(new MadeOptions(7, [10, 10], RandomOrderings: true, Masks: 3, MaskSeed: 8), new Generator(1));
        using var second = new Made(new MadeOptions(7, [10, 10], RandomOrderings: true, Masks: 3, MaskSeed: 8), new Generator(2));
        var seen = new List<int?>();
        for (var step = 0; step < 4; step++)
        {
            first.NextMask();
            seen.Add(first.CurrentMask);
        }

        second.UseMask(0);
        Assert.Equal(new int?[] { 1, 2, 0, 1 }, seen);
        first.UseMask(0);
        Assert.Equal(first.Ordering, second.Ordering);
        Assert.All(first.Layers.Zip(second.Layers), pair => Assert.True(pair.First.Mask.equal(pair.Second.Mask).all().item<bool>()));
        second.UseMask(1);
        Assert.NotEqual(first.Ordering, second.Ordering); // a different mask has its own ordering
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SamplingFrequenciesAgreeWithLogProb(bool randomOrderings)
    {
        using var model = WithBiggerWeights(new MadeOptions(4, [8, 8], randomOrderings, Masks: 2, MaskSeed: 6), seed: 7, scale: 0.6);
        model.UseMask(1);

        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, samples: 20_000, seed: 8);

        Assert.True(smallestExpected >= 5, $"χ² needs expected counts ≥ 5, smallest is {smallestExpected:F1}");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} ≥ {DensityModelChecks.ChiSquareCritical15}");
    }

    [Fact]
    public void SamplesAreBinaryAndReproducibleWithTheSameGenerator()
    {
        using var model = new Made(new MadeOptions(9, [12], RandomOrderings: true), new Generator(1));

        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 30, seed: 7);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DirectConnectionsAreTheFvsbnMaskInTheCurrentOrdering(bool randomOrderings)
    {
        using var scope = NewDisposeScope();
        using var model = new Made(new MadeOptions(7, [5], randomOrderings, Masks: 3, MaskSeed: 4, DirectConnections: true), new Generator(1));
        for (var mask = 0; mask < 3; mask++)
        {
            model.UseMask(mask);
            using var fvsbn = new Fvsbn(new FvsbnOptions(7, model.Ordering));

            // Both masks are 0/1: they must be equal exactly.
            Assert.True(model.DirectMask!.eq(fvsbn.Mask).all().item<bool>(), $"mask {mask}");
        }
    }

    [Fact]
    public void WithoutHiddenUnitsADirectMadeIsAnFvsbn()
    {
        using var scope = NewDisposeScope();
        // No hidden layer is not allowed, so silence it instead: zero output weights leave only the bias and A.
        using var model = new Made(new MadeOptions(6, [4], DirectConnections: true), new Generator(2)).to(float64);
        using var fvsbn = new Fvsbn(new FvsbnOptions(6)).to(float64);
        using (no_grad())
        {
            model.Layers[^1].Weight.zero_();
            model.DirectWeights!.copy_(randn(6, 6, dtype: float64, generator: new Generator(3)));
            fvsbn.Weight.copy_(model.DirectWeights);
            fvsbn.Bias.copy_(model.Layers[^1].Bias);
        }

        var x = bernoulli(full(20, 6, 0.5, dtype: float64), new Generator(4));

        // float64, sums of 6 terms: equal to ~1e-15.
        Assert.True((model.LogProb(x) - fvsbn.LogProb(x)).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void MaskedWeightsReceiveNoGradient()
    {
        using var scope = NewDisposeScope();
        using var model = new Made(new MadeOptions(6, [10, 10], RandomOrderings: true), new Generator(1));

        (-model.LogProb(bernoulli(full(16, 6, 0.5), new Generator(2))).mean()).backward();

        Assert.All(model.Layers, layer => Assert.Equal(0f, (layer.Weight.grad! * (1 - layer.Mask)).abs().max().item<float>()));
    }

    [Fact]
    public void MasksArePersistentBuffersThatFollowTheWeights()
    {
        using var model = new Made(new MadeOptions(4, [6]), new Generator(1)).to(float64);

        Assert.Contains("layers.0.mask", model.state_dict().Keys);
        Assert.Contains("layers.1.mask", model.state_dict().Keys);
        Assert.All(model.Layers, layer => Assert.Equal(float64, layer.Mask.dtype));
        Assert.All(model.Layers, layer => Assert.Equal(float64, layer.Weight.dtype));
    }

    [Fact]
    public void ASavedModelReloadsWithItsMasksOrderingAndDensity()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"made-{Guid.NewGuid():N}.dat");
        using var saved = new Made(new MadeOptions(6, [10], RandomOrderings: true, Masks: 4, MaskSeed: 2), new Generator(1));
        saved.UseMask(2);
        using var loaded = new Made(new MadeOptions(6, [10], RandomOrderings: true, Masks: 4, MaskSeed: 2), new Generator(9));
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
        Assert.Equal(2, loaded.CurrentMask);
        Assert.Equal(saved.Ordering, loaded.Ordering);
        Assert.True(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>()); // same numbers, same operations
        Assert.True(loaded.Sample(50, new Generator(3)).equal(saved.Sample(50, new Generator(3))).all().item<bool>());
    }

    /// <summary>A model whose weights are scaled up so that its conditionals are far from fair coins.</summary>
    private static Made WithBiggerWeights(MadeOptions options, ulong seed, double scale = 2.0)
    {
        var model = new Made(options, new Generator(seed)).to(float64);
        using var noGrad = no_grad();
        foreach (var parameter in model.parameters())
        {
            parameter.mul_(scale);
        }

        // A starts at 0; give it weights too, or the direct path would not be tested.
        model.DirectWeights?.copy_(randn(options.Dimensions, options.Dimensions, dtype: float64, generator: new Generator(seed + 1)) * scale / Math.Sqrt(options.Dimensions));

        return model;
    }

    /// <summary>The wrong ensemble: average the K logits, then take one Bernoulli log-probability.</summary>
    private static Tensor BernoulliOfMeanLogits(Made model, Tensor x, int masks)
    {
        var logits = zeros_like(x);
        for (var k = 0; k < masks; k++)
        {
            model.UseMask(k);
            logits += model.forward(x);
        }

        return LogDensities.BernoulliLogProb(logits / masks, x);
    }
}
