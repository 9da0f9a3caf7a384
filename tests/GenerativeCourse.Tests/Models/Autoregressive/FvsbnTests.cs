using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class FvsbnTests
{
    public FvsbnTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(7, false)]
    [InlineData(12, false)]
    [InlineData(7, true)]
    [InlineData(12, true)]
    public void ProbabilitiesOfAllBinaryVectorsSumToOne(int dimensions, bool randomOrdering)
    {
        using var model = WithRandomWeights(dimensions, seed: (ulong)(10 * dimensions), randomOrdering, scale: 1.5).to(float64);

        // float64 and 4,096 terms at most: rounding stays near 1e-14. A conditional that peeked at x_d or later
        // would break normalisation by far more than 1e-10.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-10);
    }

    [Fact]
    public void ProbabilitiesSumToOneInFloat32Too()
    {
        using var model = WithRandomWeights(12, seed: 4, randomOrdering: true, scale: 0.5);

        // float32: each log p sums 12 terms of size ≤ ~5, ~1e-6 error each; 1e-5 is the bound.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float32), 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputDependsOnlyOnEarlierInputs(bool randomOrdering)
    {
        using var scope = NewDisposeScope();
        const int D = 8;
        using var model = WithRandomWeights(D, seed: 21, randomOrdering, scale: 1.0).to(float64);
        var position = Positions(model.Ordering);
        var x = bernoulli(full(3, D, 0.5, dtype: float64), new Generator(22)).requires_grad_();

        var logits = model.forward(x); // [3, D]
        for (var d = 0; d < D; d++)
        {
            var gradient = autograd.grad([logits[.., d].sum()], [x], retain_graph: true)[0]; // [3, D]
            for (var j = 0; j < D; j++)
            {
                // logit_d is linear in x with coefficient W_dj for every earlier j and 0 for the rest, for each
                // of the 3 examples. Both sides are exact in float64.
                var expected = position[j] < position[d] ? model.Weight[d, j].item<double>() : 0.0;
                Assert.All(gradient[.., j].data<double>().ToArray(), g => Assert.Equal(expected, g));
                if (position[j] < position[d])
                {
                    Assert.NotEqual(0.0, expected); // the check is only meaningful if the weight is used
                }
            }
        }
    }

    [Fact]
    public void MaskedWeightsReceiveNoGradient()
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(6, seed: 23, randomOrdering: true, scale: 1.0);
        var x = bernoulli(full(16, 6, 0.5), new Generator(24));

        (-model.LogProb(x).mean()).backward();

        var unusedGradient = model.Weight.grad! * (1 - model.Mask);
        Assert.Equal(0f, unusedGradient.abs().max().item<float>());
    }

    [Fact]
    public void LogProbEqualsTheChainRuleComputedOneConditionalAtATime()
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(5, seed: 25, randomOrdering: true, scale: 2.0).to(float64);
        var x = BinaryVectors.Enumerate(5, float64);
        var w = model.Weight.detach();
        var b = model.Bias.detach();

        var expected = zeros(32, dtype: float64);
        var seen = new List<int>();
        foreach (var d in model.Ordering)
        {
            // p(x_d = 1 | earlier) = σ(b_d + Σ_{j earlier} W_dj x_j), the textbook conditional.
            var logit = b[d].expand(32).clone();
            foreach (var j in seen)
            {
                logit += w[d, j] * x[.., j];
            }

            var p = sigmoid(logit);
            expected += (x[.., d] * p.log()) + ((1 - x[.., d]) * (1 - p).log());
            seen.Add(d);
        }

        // Logits stay within ±15 here, where the naive logs lose at most ~1e-12.
        Assert.True((model.LogProb(x) - expected).abs().max().item<double>() < 1e-10);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SamplingFrequenciesAgreeWithLogProb(bool reversed)
    {
        using var model = WithRandomWeights(4, seed: 31, randomOrdering: false, scale: 1.0, ordering: reversed ? [3, 2, 1, 0] : null);

        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, samples: 20_000, seed: 32);

        Assert.True(smallestExpected >= 5, $"χ² needs expected counts ≥ 5, smallest is {smallestExpected:F1}");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} ≥ {DensityModelChecks.ChiSquareCritical15}");
    }

    [Fact]
    public void SamplingInTheWrongOrderIsDetectedByTheChiSquareTest()
    {
        using var scope = NewDisposeScope();
        // A reversed model whose samples are drawn as if the order were natural: the statistic must blow up,
        // which shows the χ² test above has the power to catch an ordering bug.
        using var model = WithRandomWeights(4, seed: 31, randomOrdering: false, scale: 1.0, ordering: [3, 2, 1, 0]);
        using var natural = new Fvsbn(new FvsbnOptions(4));
        using (no_grad())
        {
            natural.Weight.copy_(model.Weight * model.Mask);
            natural.Bias.copy_(model.Bias);
        }

        var drawn = natural.Sample(20_000, new Generator(32)); // ignores the weights above the diagonal
        var observed = bincount(BinaryVectors.IndexOf(drawn), minlength: 16).to_type(float64);
        var expected = model.LogProb(BinaryVectors.Enumerate(4)).to_type(float64).exp().detach() * 20_000;
        var statistic = ((observed - expected).square() / expected).sum().item<double>();

        Assert.True(statistic > 10 * DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} should be far above the critical value");
    }

    [Fact]
    public void SamplesAreBinaryAndReproducibleWithTheSameGenerator()
    {
        using var scope = NewDisposeScope();
        using var model = WithRandomWeights(9, seed: 41, randomOrdering: true, scale: 1.0);

        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 30, seed: 7);
    }

    [Fact]
    public void ANewModelIsUniform()
    {
        using var scope = NewDisposeScope();
        using var model = new Fvsbn(new FvsbnOptions(10));

        var logProb = model.LogProb(bernoulli(full(4, 10, 0.5), new Generator(1)));

        // Zero weights and biases: every pixel a fair coin, log p = −10 ln 2 (float32, ~1e-6).
        Assert.All(logProb.data<float>().ToArray(), v => Assert.Equal(-10 * Math.Log(2), v, 1e-5));
    }

    [Fact]
    public void ConvertingToFloat64UpdatesTheParametersTheModelUses()
    {
        using var model = new Fvsbn(new FvsbnOptions(3)).to(float64);

        Assert.Equal(float64, model.Weight.dtype);
        Assert.Equal(float64, model.Mask.dtype);
        Assert.Contains(model.parameters(), p => ReferenceEquals(p, model.Weight));
        Assert.Contains(model.parameters(), p => ReferenceEquals(p, model.Bias));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 1 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 0, 1, 3 })]
    public void OrderingsThatAreNotPermutationsAreRejected(int[] ordering)
    {
        var error = Assert.Throws<ArgumentException>(() => new Fvsbn(new FvsbnOptions(3, ordering)));
        Assert.Contains("exactly once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputsOfTheWrongShapeAreRejectedWithTheExpectedShape()
    {
        using var scope = NewDisposeScope();
        using var model = new Fvsbn(new FvsbnOptions(4));

        var error = Assert.Throws<ArgumentException>(() => model.LogProb(zeros(2, 2, 2)));
        Assert.Contains("[batch, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FvsbnUsesExactlyTheChainRuleCountOfItsStoredNumbers()
    {
        using var model = new Fvsbn(new FvsbnOptions(10, [3, 1, 4, 0, 5, 9, 2, 6, 8, 7]));

        var unmasked = (long)model.Mask.sum().item<float>() + model.Dimensions; // weights kept + one bias each

        Assert.Equal(ParameterCount.ChainRuleLogistic(10), unmasked);
        Assert.Equal(ParameterCount.ChainRuleLogistic(10), model.FreeParameterCount);
        Assert.Equal(10 * 10 + 10, ParameterCount.Stored(model));
    }

    private static Fvsbn WithRandomWeights(int dimensions, ulong seed, bool randomOrdering, double scale, int[]? ordering = null)
    {
        var generator = new Generator(seed);
        if (randomOrdering)
        {
            using var permutation = randperm(dimensions, generator: generator);
            ordering = permutation.data<long>().ToArray().Select(i => (int)i).ToArray();
        }

        var model = new Fvsbn(new FvsbnOptions(dimensions, ordering));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.Weight.copy_(randn(dimensions, dimensions, generator: generator) * scale);
        model.Bias.copy_(randn(dimensions, generator: generator) * scale);
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
