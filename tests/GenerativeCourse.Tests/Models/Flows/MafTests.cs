using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class MafTests
{
    private readonly ITestOutputHelper _output;

    public MafTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    private static Maf RandomModel(int dimensions, ScalarType dtype, ulong seed, bool useActNorm = false, int baseComponents = 0)
    {
        var model = new Maf(new MafOptions(dimensions, Layers: 3, HiddenSizes: [16, 16], MaskSeed: seed, UseActNorm: useActNorm, BaseComponents: baseComponents), new Generator(seed));
        model.to(dtype);
        // σ = 0.2: large enough that every conditional depends visibly on the earlier inputs, small enough that the
        // scales exp(α) stay within a factor of a few.
        FlowChecks.Randomise(model, seed + 100, std: 0.2);
        model.eval();
        return model;
    }

    [Fact]
    public void EachConditionalDependsOnlyOnEarlierInputs()
    {
        using var scope = NewDisposeScope();
        const int D = 6;
        using var layer = new GaussianMade(D, [16, 16], maskSeed: 1, generator: new Generator(1)).to(float64);
        FlowChecks.Randomise(layer, 2, std: 0.5);
        var x = randn([32, D], float64, generator: new Generator(3)).requires_grad_();

        var (mean, logScale) = layer.Conditionals(x);
        var earlier = 0.0;
        for (var i = 0; i < D; i++)
        {
            using var step = NewDisposeScope();
            var dMean = autograd.grad([mean[.., i].sum()], [x], retain_graph: true)[0].abs().sum(dim: 0);      // [D]
            var dLogScale = autograd.grad([logScale[.., i].sum()], [x], retain_graph: true)[0].abs().sum(dim: 0);
            for (var j = 0; j < D; j++)
            {
                if (j >= i)
                {
                    // Exactly zero: the masks remove every path from x_j to the conditional of x_i.
                    Assert.Equal(0.0, dMean[j].item<double>());
                    Assert.Equal(0.0, dLogScale[j].item<double>());
                }
                else
                {
                    earlier += dMean[j].item<double>() + dLogScale[j].item<double>();
                }
            }
        }

        // Not every single earlier input must matter (a ReLU unit can be off for all 32 rows, and few hidden units
        // may have degree 1), but a network that ignored all of them would pass the zero checks trivially.
        Assert.True(earlier > 1e-2, $"Σ |∂(μ, α)_i/∂x_j| over j < i = {earlier}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogDetOfTheWholeFlowEqualsAutogradLogAbsDetOfTheFullJacobian(bool useActNorm)
    {
        using var scope = NewDisposeScope();
        using var model = RandomModel(5, float64, 1, useActNorm);
        var x = randn([6, 5], float64, generator: new Generator(2));

        var reported = model.Flow.forward(x).LogDet;
        var expected = FlowChecks.AutogradLogAbsDet(model.Flow, x);

        for (var b = 0; b < 6; b++)
        {
            Assert.Equal(expected[b], reported[b].item<double>(), 1e-9);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WholeFlowInvertsToOneInHundredThousandInFloat32BothWays(bool useActNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = RandomModel(5, float32, 3, useActNorm);
        var x = randn([256, 5], generator: new Generator(4)) * 2;

        var roundTrip = (model.Flow.Inverse(model.Flow.forward(x).Z) - x).abs().max().item<float>();
        var latentRoundTrip = (model.Flow.forward(model.Flow.Inverse(x)).Z - x).abs().max().item<float>();

        // Float32 rounding through 3 layers and D sequential passes stays near 1e-6; a wrong number of passes or
        // an order mismatch after the reversal misses by O(1).
        _output.WriteLine($"max |f⁻¹(f(x)) − x| = {roundTrip:E2}, max |f(f⁻¹(u)) − u| = {latentRoundTrip:E2}");
        Assert.True(roundTrip < 1e-5, $"max |f⁻¹(f(x)) − x| = {roundTrip}");
        Assert.True(latentRoundTrip < 1e-5, $"max |f(f⁻¹(u)) − u| = {latentRoundTrip}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void DensityOfTheTwoDimensionalModelIntegratesToOneOnAGrid(int baseComponents)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = RandomModel(2, float64, 5, baseComponents: baseComponents);

        const double Step = 0.05;
        var axis = (arange(480, float64) + 0.5) * Step - 12;
        var grid = stack(meshgrid([axis, axis], indexing: "ij"), 2).reshape(-1, 2);     // [480², 2]
        var total = (model.LogProb(grid).exp().sum() * Step * Step).item<double>();

        // Midpoint rule on a smooth density with Gaussian-like tails: error far below the 0.01.
        Assert.Equal(1.0, total, 0.01);
    }

    [Fact]
    public void SamplesAreReproducibleAndEncodeBackToTheirNoise()
    {
        using var scope = NewDisposeScope();
        using var model = RandomModel(3, float64, 6);

        var first = model.Sample(50, new Generator(7));
        var second = model.Sample(50, new Generator(7));
        var noise = randn([50, 3], float64, generator: new Generator(7));

        Assert.True(first.equal(second).all().item<bool>());
        Assert.True((model.Encode(first) - noise).abs().max().item<double>() < 1e-10);
        Assert.True((model.Decode(noise) - first).abs().max().item<double>() < 1e-10);
    }

    [Fact]
    public void FreshLayersAreTheIdentityAndTheirLogScalesStayWithinTheSoftClamp()
    {
        using var scope = NewDisposeScope();
        using var fresh = new GaussianMade(6, [16], maskSeed: 1, generator: new Generator(1));
        var x = randn([8, 6], generator: new Generator(2));
        var (z, logDet) = fresh.forward(x);
        Assert.True(z.equal(x).all().item<bool>());
        Assert.Equal(0f, logDet.abs().max().item<float>());

        // Huge weights drive the raw log-scales far beyond the bound; the clamped ones stay inside it, and the layer's
        // log-det is still the exact one (checked against autograd in FlowLayerTests for the default bound).
        using var wild = new GaussianMade(6, [16], maskSeed: 1, generator: new Generator(1), logScaleBound: 2.0);
        FlowChecks.Randomise(wild, 3, std: 30);
        var logScale = wild.Conditionals(x * 10).LogScale;
        Assert.True(logScale.abs().max().item<float>() <= 2.0f);
        Assert.True(logScale.abs().max().item<float>() > 1.9f, "the weights should have pushed some log-scale near the bound");
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMade(6, [16], logScaleBound: 0));
    }

    [Fact]
    public void MixtureBaseConditionalsDependOnlyOnEarlierInputs()
    {
        using var scope = NewDisposeScope();
        const int D = 5;
        using var mixture = new MixtureOfGaussiansMade(D, [16], components: 3, maskSeed: 2, generator: new Generator(2)).to(float64);
        FlowChecks.Randomise(mixture, 3, std: 0.5);
        var u = randn([16, D], float64, generator: new Generator(4)).requires_grad_();
        var (logWeights, means, logScales) = mixture.Conditionals(u);
        for (var i = 0; i < D; i++)
        {
            using var step = NewDisposeScope();
            var total = logWeights.select(2, i).sum() + means.select(2, i).sum() + logScales.select(2, i).sum();
            var gradient = autograd.grad([total], [u], retain_graph: true)[0].abs().sum(dim: 0);          // [D]
            for (var j = i; j < D; j++)
            {
                Assert.Equal(0.0, gradient[j].item<double>());                                          // masked exactly
            }

            if (i > 0)
            {
                Assert.True(gradient.narrow(0, 0, i).sum().item<double>() > 1e-3, $"conditional {i} ignores every earlier input");
            }
        }
    }

    [Fact]
    public void MixtureBaseSamplesFollowItsDensity()
    {
        // The first two moments of each coordinate under the 2-D model by the midpoint rule on the grid, and over 20,000 samples: they agree within
        // 5 standard errors when Sample draws from the density LogProb defines (a wrong component or scale would not).
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = RandomModel(2, float64, 8, baseComponents: 3);
        const double Step = 0.05;
        var axis = (arange(480, float64) + 0.5) * Step - 12;
        var grid = stack(meshgrid([axis, axis], indexing: "ij"), 2).reshape(-1, 2);
        var weights = model.LogProb(grid).exp() * Step * Step;
        var samples = model.Sample(20_000, new Generator(9));
        foreach (var d in new[] { 0, 1 })
        {
            foreach (var power in new[] { 1, 2 })
            {
                var onGrid = (weights * grid.select(1, d).pow(power)).sum().item<double>();
                var sampled = samples.select(1, d).pow(power);
                var error = sampled.std().item<double>() / Math.Sqrt(20_000);
                Assert.InRange(sampled.mean().item<double>(), onGrid - (5 * error), onGrid + (5 * error));
            }
        }
    }
}
