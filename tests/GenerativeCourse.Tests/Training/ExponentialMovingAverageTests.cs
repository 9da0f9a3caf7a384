using GenerativeCourse.Runtime;
using GenerativeCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Training;

/// <summary>θ̄ ← d θ̄ + (1 − d) θ on two tiny linear layers whose weights are set by hand.</summary>
public sealed class ExponentialMovingAverageTests
{
    public ExponentialMovingAverageTests() => TorchSharpNative.EnsureLoaded();

    private static readonly float[] Before = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 3f, -2f];     // weight [2, 3] then bias [2]
    private static readonly float[] After = [1.5f, 0f, -2f, 4f, 0.25f, -0.5f, 1f, 6f];
    private static readonly float[] Third = [-3f, 2.5f, 0.5f, -1f, 2f, 8f, -0.25f, 1f];

    [Fact]
    public void AnUpdateMovesTheAverageAFractionOneMinusDTowardTheWeights()
    {
        const double decay = 0.875;
        using var source = Linear(Before);
        using var average = Linear(After);     // overwritten: the average starts as a copy of the source
        var ema = new ExponentialMovingAverage(source, average, decay);
        Assert.Equal(Before, Values(average));

        // By hand in float64: θ̄₁ = d θ₀ + (1 − d) θ₁, then θ̄₂ = d θ̄₁ + (1 − d) θ₂. The library works in float32; every
        // value here is a small multiple of 1/256, so both are exact.
        Set(source, After);
        ema.Update();
        var first = Before.Select((b, i) => (decay * b) + ((1 - decay) * After[i])).ToArray();
        Assert.Equal(first.Select(v => (float)v), Values(average));

        Set(source, Third);
        ema.Update();
        Assert.Equal(first.Select((a, i) => (float)((decay * a) + ((1 - decay) * Third[i]))), Values(average));
        Assert.Equal(Third, Values(source));
    }

    [Fact]
    public void DecayZeroCopiesTheWeights()
    {
        using var source = Linear(Before);
        using var average = Linear(Before);
        var ema = new ExponentialMovingAverage(source, average, 0);

        Set(source, After);
        ema.Update();

        Assert.Equal(After, Values(average));
    }

    [Fact]
    public void TheAveragesParametersAreFrozenAndTheSourcesAreNot()
    {
        using var source = Linear(Before);
        using var average = Linear(Before);
        _ = new ExponentialMovingAverage(source, average, 0.9);

        Assert.All(average.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(source.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void BuffersAreCopiedNotAveraged()
    {
        using var source = nn.BatchNorm1d(2);
        using var average = nn.BatchNorm1d(2);
        var ema = new ExponentialMovingAverage(source, average, 0.5);
        using (no_grad())
        {
            source.running_mean!.copy_(tensor(new[] { 4f, -8f }));
        }

        ema.Update();

        Assert.Equal([4f, -8f], average.running_mean!.data<float>().ToArray());
    }

    [Fact]
    public void AnotherArchitectureOrADecayOutsideZeroToOneIsRefused()
    {
        using var source = nn.Linear(3, 2);
        using var wider = nn.Linear(4, 2);
        using var withoutBias = nn.Linear(3, 2, hasBias: false);

        var shape = Assert.Throws<ArgumentException>(() => new ExponentialMovingAverage(source, wider, 0.9));
        Assert.Contains("no tensor 'weight' of shape [2, 3]", shape.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => new ExponentialMovingAverage(source, withoutBias, 0.9));
        Assert.Contains("no tensor 'bias' of shape [2]", missing.Message, StringComparison.Ordinal);
        var extra = Assert.Throws<ArgumentException>(() => new ExponentialMovingAverage(withoutBias, source, 0.9));
        Assert.Contains("tensors the source lacks: bias", extra.Message, StringComparison.Ordinal);

        using var twin = nn.Linear(3, 2);
        foreach (var decay in new[] { -0.1, 1.0, 1.5 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialMovingAverage(source, twin, decay));
            Assert.Equal("decay", error.ParamName);
        }
    }

    /// <summary>nn.Linear(3, 2) with weight = values[0..6] (row-major) and bias = values[6..8].</summary>
    private static Linear Linear(float[] values)
    {
        var layer = nn.Linear(3, 2);
        Set(layer, values);
        return layer;
    }

    private static void Set(Linear layer, float[] values)
    {
        using var noGrad = no_grad();
        using var weight = tensor(values[..6]).reshape(2, 3);
        using var bias = tensor(values[6..]);
        layer.weight!.copy_(weight);
        layer.bias!.copy_(bias);
    }

    private static float[] Values(Linear layer) =>
        [.. layer.weight!.data<float>().ToArray(), .. layer.bias!.data<float>().ToArray()];
}
