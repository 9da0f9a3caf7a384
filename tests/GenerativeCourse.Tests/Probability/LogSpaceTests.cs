using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class LogSpaceTests
{
    public LogSpaceTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void LogSumExpEqualsLogOfSumOfExpForModerateValues()
    {
        using var scope = NewDisposeScope();
        var a = randn(5, 7, dtype: float64, generator: new Generator(3)) * 5;

        var expected = a.exp().sum(1).log();

        // float64, values within ±25: the direct form is accurate to ~1e-15 relative here.
        Assert.True((LogSpace.LogSumExp(a, 1) - expected).abs().max().item<double>() < 1e-12);
        Assert.True((LogSpace.LogSumExp(a, 0) - a.exp().sum(dim: 0).log()).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void LogSumExpIsStableForLargeInputsWhereTheNaiveFormOverflows()
    {
        using var scope = NewDisposeScope();
        var large = tensor(new[] { 1000f, 1000f, 1000f });
        var small = tensor(new[] { -1000f, -1000f });

        Assert.True(float.IsPositiveInfinity(large.exp().sum().log().item<float>()), "naive form overflows");
        Assert.True(float.IsNegativeInfinity(small.exp().sum().log().item<float>()), "naive form underflows");

        // float32 spacing near 1000 is 6e-5, so the answers are exact to about 1e-4.
        Assert.Equal(1000 + Math.Log(3), LogSpace.LogSumExp(large, 0).item<float>(), 1e-4);
        Assert.Equal(-1000 + Math.Log(2), LogSpace.LogSumExp(small, 0).item<float>(), 1e-4);
    }

    [Fact]
    public void LogSumExpOfOnlyMinusInfinityIsMinusInfinityNotNaN()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { float.NegativeInfinity, float.NegativeInfinity, 0f, float.NegativeInfinity }).reshape(2, 2);

        var result = LogSpace.LogSumExp(a, 1).data<float>().ToArray();

        Assert.True(float.IsNegativeInfinity(result[0]));
        Assert.Equal(0f, result[1]); // log(e^0 + 0) = 0 exactly
    }

    [Fact]
    public void GradientOfLogSumExpIsTheSoftmax()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1.0, 2.0, 1000.0, -3.0 }, requires_grad: true);

        LogSpace.LogSumExp(a, 0).backward();

        // Autograd through the shifted form reproduces softmax to float64 rounding.
        Assert.True((a.grad! - softmax(a.detach(), 0)).abs().max().item<double>() < 1e-15);
    }

    [Fact]
    public void LogMeanExpIsLogSumExpMinusLogCountAndKeepsDimensionsWhenAsked()
    {
        using var scope = NewDisposeScope();
        var a = randn(3, 4, dtype: float64, generator: new Generator(4));

        var mean = LogSpace.LogMeanExp(a, -1, keepDim: true);

        Assert.Equal(new long[] { 3, 1 }, mean.shape);
        var expected = a.exp().mean([1], keepdim: true).log();
        Assert.True((mean - expected).abs().max().item<double>() < 1e-14);
    }
}
