using GenerativeCourse.Benchmarks;
using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class ModelComparisonTests
{
    [Fact]
    public void ABenchReportReadBackFromItsJsonGivesTheComparisonRows()
    {
        var machine = new MachineFacts("Test CPU", 2, 2, "Linux", ".NET", "0.107.0",
            new MatmulThroughput(1024, 1024, 1024, 2, 50.5), new MatmulThroughput(100, 784, 500, 2, 40.0));
        BenchRow Row(string model, string title, QualityScore quality, QualityScore? frechet, double samplesPerSecond) =>
            new(model, title, 157684, 100, 2500.5, 3, 1e6, samplesPerSecond, 1000, 1L << 30, true, quality, frechet, 20, "trained here", 12.5);
        var report = new BenchReport("full", new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), 1234.5, machine,
        [
            Row("nade", "NADE (Larochelle & Murray 2011)", new QualityScore(QualityMetric.ExactNll, 96.81, 0.9, "test"),
                new QualityScore(QualityMetric.Frechet, 4.25, double.NaN, "1,000 samples"), 800),
            Row("dcgan", "DCGAN", new QualityScore(QualityMetric.Frechet, 7.5, double.NaN, "samples"), null, double.PositiveInfinity),
        ]);
        var folder = Directory.CreateTempSubdirectory("bench-").FullName;
        try
        {
            var (json, _) = report.Write(folder);

            var comparison = BenchReport.Read(json).ToComparison(json);

            Assert.Equal(["bench.json", "bench.md"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());  // no temporary files left
            Assert.Equal($"{json} (full profile)", comparison.Source);
            Assert.Equal("Test CPU, 2 logical cores, 2 TorchSharp threads", comparison.Machine);
            Assert.Equal(report.StartedUtc, comparison.MeasuredUtc);
            var (nade, dcgan) = (comparison.Rows[0], comparison.Rows[1]);
            Assert.Equal(("nade", 157684L, 2500.5, 20), (nade.Model, nade.Parameters, nade.TrainExamplesPerSecond, nade.Epochs));
            Assert.Equal((QualityMetric.ExactNll, 96.81, LikelihoodKind.Exact), (nade.Quality.Metric, nade.Quality.Value, nade.Likelihood));
            Assert.Equal(4.25, nade.FrechetValue);
            Assert.True(double.IsNaN(nade.Frechet!.StandardError));
            Assert.Null(dcgan.Frechet);
            Assert.Equal((LikelihoodKind.None, 7.5), (dcgan.Likelihood, dcgan.FrechetValue));
            Assert.True(double.IsPositiveInfinity(dcgan.SamplesPerSecond));
            Assert.Contains("<td>NADE (Larochelle &amp; Murray 2011)</td>", comparison.ToHtml(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SampleScoresAndTheSourceReachTheComparisonAndItsHtml()
    {
        var machine = new MachineFacts("Test CPU", 2, 2, "Linux", ".NET", "0.107.0",
            new MatmulThroughput(1024, 1024, 1024, 2, 50.5), new MatmulThroughput(100, 784, 500, 2, 40.0));
        var gan = new BenchRow("dcgan", "DCGAN", 386882, 100, 900, 2, 1e6, 5000, 500, 1L << 30, true,
            new QualityScore(QualityMetric.Frechet, 69.63, double.NaN, "500 samples"), null, 3, "checkpoint ../artifacts/checkpoints/dcgan-default.ckpt", 10,
            Kid: 35.2206, Precision: 0.556, Recall: 0.828, PathLength: 4868.4);
        var nade = new BenchRow("nade", "NADE", 10, 100, 900, 2, 1e6, 5000, 32, 1L << 30, true,
            new QualityScore(QualityMetric.ExactNll, 90, 0.5, "test"), null, 3, "trained here", 10);
        var folder = Directory.CreateTempSubdirectory("bench-").FullName;
        try
        {
            var (json, _) = new BenchReport("default", DateTimeOffset.UnixEpoch, 60, machine, [gan, nade]).Write(folder);
            var comparison = BenchReport.Read(json).ToComparison(json);
            var html = comparison.ToHtml();

            var read = comparison.Rows[0];
            Assert.Equal((35.2206, 0.556, 0.828, 4868.4), (read.Kid, read.Precision, read.Recall, read.PathLength));
            Assert.Equal("checkpoint ../artifacts/checkpoints/dcgan-default.ckpt", read.Source);
            Assert.Contains(">69.63</td><td style=\"text-align:right\">35.22</td><td style=\"text-align:right\">0.556</td><td style=\"text-align:right\">0.828</td><td style=\"text-align:right\">4868.4</td>", html, StringComparison.Ordinal);
            Assert.Contains("<td>checkpoint dcgan-default.ckpt</td>", html, StringComparison.Ordinal);
            // A model that drew too few samples has no sample scores, and no latent code: dashes, not zeros.
            Assert.Contains(">—</td><td style=\"text-align:right\">—</td><td style=\"text-align:right\">—</td><td style=\"text-align:right\">—</td><td style=\"text-align:right\">—</td><td style=\"text-align:right\">10</td>", html, StringComparison.Ordinal);
            Assert.Contains("<td>trained here</td>", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AFileThatIsNotABenchReportIsRefusedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Profile": "full" }""");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => BenchReport.Read(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("Machine", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(QualityMetric.ExactNll, LikelihoodKind.Exact)]
    [InlineData(QualityMetric.BitsPerDimension, LikelihoodKind.Exact)]
    [InlineData(QualityMetric.BoundBitsPerDimension, LikelihoodKind.Bound)]
    [InlineData(QualityMetric.IwaeNll, LikelihoodKind.Bound)]
    [InlineData(QualityMetric.Frechet, LikelihoodKind.None)]
    [InlineData(QualityMetric.AisNll, LikelihoodKind.Estimate)]
    public void TheLikelihoodKindFollowsTheMetric(QualityMetric metric, LikelihoodKind kind)
    {
        var row = new ComparisonRow("m", "M", 1, 1, 1, new QualityScore(metric, 1, double.NaN, ""), null, 1);
        Assert.Equal(kind, row.Likelihood);
    }
}
