using GenerativeCourse.Models;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class VariationalDequantizerTests
{
    public VariationalDequantizerTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(0.0)]
    [InlineData(37.0)]
    [InlineData(255.0)]
    public void NoiseDensityIntegratesToOneOverTheUnitInterval(double level)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var q = new VariationalDequantizer(1, hidden: 8, generator: new Generator(1)).to(float64);
        FlowChecks.Randomise(q, 2, std: 0.5);
        const int N = 200_000;
        var u = ((arange(N, float64) + 0.5) / N).unsqueeze(1);                    // [N, 1] midpoints in (0, 1)
        var bytes = full(N, 1, level, float64);

        var total = (q.LogDensity(bytes, u).exp().sum() / N).item<double>();

        // A logistic-normal density is smooth and vanishes at 0 and 1, so the midpoint rule with 2e5 cells is
        // accurate far beyond 1e-4; a missing log u + log(1 − u) term changes the total by O(1).
        Assert.Equal(1.0, total, 1e-4);
    }

    [Fact]
    public void DequantizedValuesStayInTheirCellAndCarryTheirOwnLogDensity()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var q = new VariationalDequantizer(5, hidden: 8, generator: new Generator(1)).to(float64);
        FlowChecks.Randomise(q, 3, std: 0.5);
        var bytes = randint(256, [64, 5], generator: new Generator(4)).to_type(float64);

        var (x, logQ) = q.Dequantize(bytes, new Generator(5));
        var u = (x * 256) - bytes;

        Assert.True(u.gt(0).all().item<bool>() && u.lt(1).all().item<bool>());
        // u is recovered by one float64 subtraction; its logit then differs from ε by ~1e-12 relative.
        Assert.True((q.LogDensity(bytes, u) - logQ).abs().max().item<double>() < 1e-6);
    }

    [Fact]
    public void BoundOfTheUniformModelFallsShortOfEightBitsPerDimensionByTheKlOfTheNoise()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const int D = 4;
        const int Samples = 20_000;
        using var q = new VariationalDequantizer(D, hidden: 8, generator: new Generator(1)).to(float64);
        using var logit = new LogitTransform(D, alpha: 0);
        var bytes = randint(256, [Samples, D], generator: new Generator(6)).to_type(float64);

        var logProb = Dequantization.VariationalLogProbOfBytes(new UniformInLogitSpace(D), logit, q, bytes, new Generator(7));

        // A fresh q is the logistic-normal with μ = 0, σ = 1 in every dimension. The uniform model gives exactly
        // −D log 256, so the bound is −D log 256 − log q(u) and its mean falls short by KL(q ‖ U) = E_q[log q],
        // computed here by quadrature in one dimension and multiplied by D.
        const int N = 200_000;
        var grid = ((arange(N, float64) + 0.5) / N).unsqueeze(1);
        using var single = new VariationalDequantizer(1, hidden: 8, generator: new Generator(1)).to(float64);
        var logQGrid = single.LogDensity(zeros(N, 1, float64), grid);
        var kl = D * (logQGrid.exp() * logQGrid).sum().item<double>() / N;
        var gap = -(logProb + (D * Math.Log(256)));                                 // log q(u), [Samples]
        var standardError = gap.std().item<double>() / Math.Sqrt(Samples);

        // Five standard errors of the Monte Carlo mean; KL ≈ 0.77 nats here (0.19 per dimension), so a missing
        // −log q or a wrong sign misses by 0.77 or 1.5 nats, against a standard error near 0.01.
        Assert.True(kl > 0.1);
        Assert.Equal(kl, gap.mean().item<double>(), 5 * standardError);
    }

    /// <summary>U[0, 1]^D seen in logit space with α = 0: density σ(w) σ(−w) per dimension.</summary>
    private sealed class UniformInLogitSpace(int dimensions) : IDensityModel
    {
        public int Dimensions => dimensions;

        public Tensor LogProb(Tensor x)
        {
            using var scope = NewDisposeScope();
            return (nn.functional.logsigmoid(x) + nn.functional.logsigmoid(-x)).sum(dim: 1).MoveToOuterDisposeScope();
        }

        public Tensor Sample(int n, Generator? generator = null)
        {
            using var scope = NewDisposeScope();
            var y = rand([n, dimensions], float64, generator: generator);
            return (y.log() - (1 - y).log()).MoveToOuterDisposeScope();
        }
    }
}
