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
}
