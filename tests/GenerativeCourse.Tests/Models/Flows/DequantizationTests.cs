using GenerativeCourse.Models;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class DequantizationTests
{
    public DequantizationTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void LogitTransformInvertsAndItsLogDetEqualsAutogradLogAbsDet()
    {
        using var scope = NewDisposeScope();
        using var logit = new LogitTransform(5, alpha: 0.05);
        // Includes the edges 0 and 1, where the squeeze keeps w finite.
        var x = cat([rand([6, 5], float64, generator: new Generator(1)), zeros(1, 5, float64), ones(1, 5, float64)], 0);

        var (w, logDet) = logit.forward(x);
        var expected = FlowChecks.AutogradLogAbsDet(logit, x);

        Assert.True((logit.Inverse(w) - x).abs().max().item<double>() < 1e-12);
        for (var b = 0; b < 8; b++)
        {
            Assert.Equal(expected[b], logDet[b].item<double>(), 1e-9);
        }
    }

    [Fact]
    public void UniformDequantizationStaysInsideEachBytesCell()
    {
        using var scope = NewDisposeScope();
        var bytes = arange(256, float32).reshape(1, 256).expand(64, 256);
        var x = Dequantization.Uniform(bytes, new Generator(2));

        Assert.True((x * 256 - bytes).ge(0).all().item<bool>());
        Assert.True((x * 256 - bytes).lt(1).all().item<bool>());
        // 16384 draws of u: their mean is ½ within 5 standard errors (σ = 1/√12).
        Assert.Equal(0.5, (x * 256 - bytes).mean().item<float>(), 5 / Math.Sqrt(12 * 16384.0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void UniformModelScoresEightBitsPerDimension(double alpha)
    {
        using var scope = NewDisposeScope();
        const int D = 784;
        using var logit = new LogitTransform(D, alpha);
        var bytes = randint(256, [16, D], generator: new Generator(3)).to_type(float64);

        var logProb = Dequantization.LogProbOfBytes(new UniformInLogitSpace(D, alpha), logit, bytes, new Generator(4));
        var bits = Dequantization.BitsPerDimension(logProb, D);

        // The uniform density on [0, 1]^D gives every byte vector probability 256^−D: exactly 8 bits/dim. The
        // logit Jacobian cancels the model's density in logit space term by term, so only float64 rounding remains;
        // a sign error in either Jacobian or a missing −D log 256 moves the result by bits.
        Assert.True((bits - 8).abs().max().item<double>() < 1e-9, $"bits/dim {bits.min().item<double>()} … {bits.max().item<double>()}");
    }

    /// <summary>
    /// The image of U[0, 1]^D under the logit transform: y = α + (1 − 2α)x is uniform on [α, 1 − α], so
    /// w = logit(y) has density σ(w) σ(−w) / (1 − 2α) per dimension.
    /// </summary>
    private sealed class UniformInLogitSpace(int dimensions, double alpha) : IDensityModel
    {
        public int Dimensions => dimensions;

        public Tensor LogProb(Tensor x)
        {
            using var scope = NewDisposeScope();
            var perDimension = nn.functional.logsigmoid(x) + nn.functional.logsigmoid(-x) - Math.Log(1 - (2 * alpha));
            return perDimension.sum(dim: 1).MoveToOuterDisposeScope();
        }

        public Tensor Sample(int n, Generator? generator = null)
        {
            using var scope = NewDisposeScope();
            var y = alpha + ((1 - (2 * alpha)) * rand([n, dimensions], float64, generator: generator));
            return (y.log() - (1 - y).log()).MoveToOuterDisposeScope();
        }
    }
}
