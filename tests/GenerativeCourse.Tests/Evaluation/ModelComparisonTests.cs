using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class ModelComparisonTests
{
    // The shape of the bench.json that `gencourse bench` writes (BenchReport serialised with System.Text.Json, enums as
    // names, NaN as "NaN"), trimmed to two rows, with a property this reader does not know.
    private const string BenchJson = """
        {
          "Profile": "full",
          "StartedUtc": "2026-11-23T14:00:00+00:00",
          "TotalSeconds": 1234.5,
          "Machine": { "Cpu": "Test CPU", "LogicalCores": 2, "TorchThreads": 2, "OperatingSystem": "Linux",
                       "Peak": { "M": 1024, "K": 1024, "N": 1024, "Threads": 2, "GflopsPerSecond": 50.5 } },
          "Rows": [
            { "Model": "nade", "Title": "NADE (Larochelle & Murray 2011)", "Parameters": 157684, "BatchSize": 100,
              "TrainExamplesPerSecond": 2500.5, "TimedEpochs": 3, "SamplesPerSecond": 800,
              "Quality": { "Metric": "ExactNll", "Value": 96.81, "StandardError": 0.9, "Description": "test" },
              "Frechet": { "Metric": "Frechet", "Value": 4.25, "StandardError": "NaN", "Description": "1,000 samples" },
              "EpochsTrained": 20, "Unknown": [1, 2] },
            { "Model": "dcgan", "Title": "DCGAN", "Parameters": 1000, "BatchSize": 100,
              "TrainExamplesPerSecond": 300, "TimedEpochs": 3, "SamplesPerSecond": "Infinity",
              "Quality": { "Metric": "Frechet", "Value": 7.5, "StandardError": "NaN", "Description": "samples" },
              "Frechet": null, "EpochsTrained": 20 }
          ]
        }
        """;

    [Fact]
    public void ReadsTheRowsOfABenchReport()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, BenchJson);
        try
        {
            var comparison = ModelComparison.ReadBenchJson(path);

            Assert.Contains("full profile", comparison.Source, StringComparison.Ordinal);
            Assert.Contains("Test CPU, 2 logical cores", comparison.Machine, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), comparison.MeasuredUtc);
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
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileThatIsNotABenchReportIsRefusedWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Profile": "full" }""");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ModelComparison.ReadBenchJson(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(QualityMetric.ExactNll, LikelihoodKind.Exact)]
    [InlineData(QualityMetric.BitsPerDimension, LikelihoodKind.Exact)]
    [InlineData(QualityMetric.IwaeNll, LikelihoodKind.Bound)]
    [InlineData(QualityMetric.Frechet, LikelihoodKind.None)]
    public void TheLikelihoodKindFollowsTheMetric(QualityMetric metric, LikelihoodKind kind)
    {
        var row = new ComparisonRow("m", "M", 1, 1, 1, new QualityScore(metric, 1, double.NaN, ""), null, 1);
        Assert.Equal(kind, row.Likelihood);
    }
}
