using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class UnitsTests
{
    [Fact]
    public void NatsConvertToBitsPerDimension()
    {
        // D ln 2 nats spread over D dimensions is one bit each.
        Assert.Equal(1.0, Units.BitsPerDimension(784 * Math.Log(2), 784), 1e-15);
        Assert.Equal(100 / (784 * Math.Log(2)), Units.BitsPerDimension(100, 784), 1e-15);
    }

    [Fact]
    public void TensorsOfNatsConvertElementWise()
    {
        TorchSharpNative.EnsureLoaded();
        using var scope = NewDisposeScope();
        var nats = tensor(new[] { 0.0, 2 * Math.Log(2) });

        Assert.Equal(new[] { 0.0, 1.0 }, Units.BitsPerDimension(nats, 2).data<double>().ToArray());
    }

    [Fact]
    public void InfinitiesAreWrittenAsMathematicsNotAsDotNetWords()
    {
        Assert.Equal("−∞", Units.Format(double.NegativeInfinity, "F1"));
        Assert.Equal("+∞", Units.Format(double.PositiveInfinity, "F1"));
        Assert.Equal("-110.40", Units.Format(-110.4, "F2"));
        Assert.Equal("—", Units.Format(null, "F2"));                  // not measured
        // An AIS estimate whose Ẑ − 3σ̂ reaches 0 has log of its lower end −∞: the table says so in symbols.
        var estimate = new LogPartitionEstimate(350.25, double.NegativeInfinity, 351.5, LogPartitionMethod.AnnealedImportanceSampling, 100, 1000);
        Assert.Contains("(Ẑ ± 3σ: −∞ … 351.500)", estimate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", estimate.ToString(), StringComparison.Ordinal);
    }
}
