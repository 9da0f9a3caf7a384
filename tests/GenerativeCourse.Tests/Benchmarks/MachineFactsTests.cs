using GenerativeCourse.Benchmarks;

namespace GenerativeCourse.Tests.Benchmarks;

public sealed class MachineFactsTests
{
    private static MachineFacts Facts(double peak, double atLayer) => new("Test CPU", 2, 2, "Linux", ".NET", "0.107.0",
        new MatmulThroughput(1024, 1024, 1024, 2, peak), new MatmulThroughput(100, 784, 500, 2, atLayer));

    [Fact]
    public void EachThroughputIsTheBetterOfTheTwoMeasurements()
    {
        var disturbed = Facts(peak: 94.3, atLayer: 132.1);   // the large product measured while the build finished
        var quiet = Facts(peak: 170.7, atLayer: 130.6);

        var combined = disturbed.WithBetterThroughputs(quiet);

        Assert.Equal((170.7, 132.1), (combined.Peak.GflopsPerSecond, combined.AtLayerShape.GflopsPerSecond));
        Assert.Equal(170.7, combined.PeakGflopsPerSecond);
        Assert.Equal(combined, quiet.WithBetterThroughputs(disturbed));
        Assert.Equal("Test CPU, 2 logical cores, 2 TorchSharp threads", combined.Summary);
    }
}
