using GenerativeCourse.Training;

namespace GenerativeCourse.Tests.Training;

public sealed class EpochReportTests
{
    [Fact]
    public void TheLineShowsLossValidationGradientAndThroughput()
    {
        var report = new EpochReport(3, 80, 8000, 97.12345, 1.5, 98.5, TimeSpan.FromSeconds(2));

        Assert.Equal(4000, report.ExamplesPerSecond);
        Assert.Equal("epoch   3  loss 97.1235  validation 98.5000  |grad| 1.500  4,000 examples/s  2.0 s", report.ToString());
    }

    [Fact]
    public void AGradientNormThatWasNotMeasuredIsLeftOutRatherThanPrintedAsNaN()
    {
        var report = new EpochReport(1, 10, 1000, 0.6931, double.NaN, null, TimeSpan.FromSeconds(0.5));

        Assert.Equal("epoch   1  loss 0.6931  2,000 examples/s  0.5 s", report.ToString());
    }
}
