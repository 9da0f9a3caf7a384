using GenerativeCourse.Models;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

/// <summary>
/// Sampling runs the flow backwards and <c>LogProb</c> forwards: a statistical check that both describe the same
/// distribution (DESIGN §8), on random 2-D models whose moments are computed from the density on a grid.
/// </summary>
public sealed class SamplingAgreesWithDensityTests
{
    private const double Half = 20.0;
    private const double Step = 0.08;
    private const int Samples = 20_000;

    public SamplingAgreesWithDensityTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData("realnvp")]
    [InlineData("realnvp-mog")]
    [InlineData("maf")]
    public void SampleMomentsMatchTheMomentsOfTheDensity(string kind)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        nn.Module<Tensor, Tensor> module = kind switch
        {
            "maf" => new Maf(new MafOptions(2, Layers: 3, HiddenSizes: [16, 16]), new Generator(1)),
            "realnvp-mog" => new RealNvp(new RealNvpOptions(2, Couplings: 4, Hidden: 16, BaseComponents: 3), new Generator(1)),
            _ => new RealNvp(new RealNvpOptions(2, Couplings: 4, Hidden: 16), new Generator(1)),
        };
        using var disposable = module;
        module.to(float64);
        // σ = 0.2 with the mixture base: at 0.3 its wider components let the random couplings carry 1.5 % of the mass
        // beyond the grid's ±20 (measured), and the moments would be truncated ones.
        FlowChecks.Randomise(module, 2, std: kind == "realnvp-mog" ? 0.2 : 0.3);
        module.eval();
        var model = (IDensityModel)module;

        // Raw moments E[f(x)] for f = x_0, x_1, x_0², x_0 x_1, x_1², and E[f²] for their standard errors.
        var points = (int)Math.Round(2 * Half / Step);
        var axis = (arange(points, float64) + 0.5) * Step - Half;
        var grid = stack(meshgrid([axis, axis], indexing: "ij"), 2).reshape(-1, 2);          // [points², 2]
        var weights = model.LogProb(grid).exp() * Step * Step;                                // [points²]
        var gridFeatures = Features(grid);                                                    // [points², 5]
        var expected = (weights.unsqueeze(1) * gridFeatures).sum(dim: 0) / weights.sum();
        var expectedSquares = (weights.unsqueeze(1) * gridFeatures.square()).sum(dim: 0) / weights.sum();
        var standardError = ((expectedSquares - expected.square()) / Samples).sqrt();

        // The grid must hold the whole distribution, or the moments it gives are truncated ones.
        Assert.Equal(1.0, weights.sum().item<double>(), 1e-4);
        var sampled = Features(model.Sample(Samples, new Generator(3))).mean([0]);

        // Five standard errors per moment: a correct sampler fails with probability below 3e-6 each (seeds are
        // fixed, so it never flakes). The standard errors are of order 0.02 here, while a sampler that skipped a
        // layer or inverted with the wrong mask would move the moments by that layer's whole effect.
        for (var k = 0; k < 5; k++)
        {
            var difference = Math.Abs(sampled[k].item<double>() - expected[k].item<double>());
            Assert.True(difference < 5 * standardError[k].item<double>(),
                $"{kind} moment {k} (grid mass {weights.sum().item<double>():F6}): sampled {sampled[k].item<double>():F4}, density {expected[k].item<double>():F4} ± {standardError[k].item<double>():F4}");
        }
    }

    private static Tensor Features(Tensor x)
    {
        var x0 = x[.., 0];
        var x1 = x[.., 1];
        return stack([x0, x1, x0 * x0, x0 * x1, x1 * x1], 1);                               // [n, 5]
    }
}
