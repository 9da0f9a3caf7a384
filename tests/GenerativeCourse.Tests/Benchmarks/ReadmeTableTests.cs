using GenerativeCourse.Benchmarks;
using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Benchmarks;

public sealed class ReadmeTableTests
{
    [Fact]
    public void ReplacesOnlyTheTextBetweenTheMarkers()
    {
        const string readme = "# Title\n\nBefore.\n<!-- bench:start -->\n| old | table |\n<!-- bench:end -->\nAfter.\n";

        var updated = ReadmeTable.Replace(readme, "| new | table |\n|---|---|\n");

        Assert.Equal("# Title\n\nBefore.\n<!-- bench:start -->\n| new | table |\n|---|---|\n<!-- bench:end -->\nAfter.\n", updated);
        Assert.Equal(updated, ReadmeTable.Replace(updated, "| new | table |\n|---|---|\n"));
    }

    [Fact]
    public void KeepsWindowsLineEndings()
    {
        var updated = ReadmeTable.Replace("a\r\n<!-- bench:start -->\r\nx\r\n<!-- bench:end -->\r\n", "| t |\n| u |\n");

        Assert.Equal("a\r\n<!-- bench:start -->\r\n| t |\r\n| u |\r\n<!-- bench:end -->\r\n", updated);
    }

    [Theory]
    [InlineData("# No markers\n")]
    [InlineData("<!-- bench:end -->\n<!-- bench:start -->\n")]
    public void MissingOrReversedMarkersSayWhatToAdd(string readme)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReadmeTable.Replace(readme, "| t |"));

        Assert.Contains("<!-- bench:start --> … <!-- bench:end -->", error.Message);
    }

    [Fact]
    public void MedianOfOddAndEvenCounts()
    {
        Assert.Equal(3, CourseBenchmark.Median([5, 1, 3]));
        Assert.Equal(2.5, CourseBenchmark.Median([4, 1, 2, 3]));
        Assert.True(double.IsNaN(CourseBenchmark.Median([])));
    }

    [Fact]
    public void ARowKnowsWhetherItWasMeasuredWithTodaysRecipe()
    {
        var exact = new QualityScore(QualityMetric.ExactNll, 90.0, 0.5, "test");
        BenchRow Row(string model, string? options) =>
            new(model, model, 10, 100, 1000, 3, 1e6, 10, 100, 1 << 20, true, exact, null, 4, "trained here", 1, options);
        var machine = new MachineFacts("cpu", 2, 2, "os", ".NET", "0.107", new MatmulThroughput(1024, 1024, 1024, 2, 100), new MatmulThroughput(100, 784, 500, 2, 80));

        var report = new BenchReport("default", DateTimeOffset.UnixEpoch, 60, machine,
        [
            Row("nade", Recipes.Nade.Text + "; 1,000 examples per epoch"),
            Row("made", Recipes.Nade.Text),
            Row("fvsbn", null),
            Row("vqvae", "VqVaeOptions()"),
        ]);

        Assert.Equal(["made", "fvsbn", "vqvae"], report.ModelsWithOtherRecipes);
    }

    [Fact]
    public void AReportIsStaleWhenItsFidStyleScoresCameFromAnotherFeatureNetwork()
    {
        var exact = new QualityScore(QualityMetric.ExactNll, 90.0, 0.5, "test");
        var machine = new MachineFacts("cpu", 2, 2, "os", ".NET", "0.107", new MatmulThroughput(1024, 1024, 1024, 2, 100), new MatmulThroughput(100, 784, 500, 2, 80));
        var current = new BenchReport("default", DateTimeOffset.UnixEpoch, 60, machine,
            [new("nade", "NADE", 10, 100, 1000, 3, 1e6, 10, 100, 1 << 20, true, exact, null, 4, "trained here", 1, Recipes.Nade.Text)])
        {
            FeatureClassifier = DigitClassifierRecipe.Reference.Text,
        };

        Assert.Null(current.StaleReason);
        // A report written before the network was recorded (the MLP era), or with another recipe of it, is not mixed
        // with FID-style scores computed now.
        Assert.Contains("another feature network", (current with { FeatureClassifier = null }).StaleReason);
        Assert.Contains("another feature network", (current with { FeatureClassifier = (DigitClassifierRecipe.Reference with { Epochs = 4 }).Text }).StaleReason);
    }

    [Fact]
    public void AReportWithFidStyleScoresButNoKidIsStaleAndTheSampleScoresFillTheirColumns()
    {
        var exact = new QualityScore(QualityMetric.ExactNll, 90.0, 0.5, "test");
        var frechet = new QualityScore(QualityMetric.Frechet, 55.5, double.NaN, "500 samples");
        var machine = new MachineFacts("cpu", 2, 2, "os", ".NET", "0.107", new MatmulThroughput(1024, 1024, 1024, 2, 100), new MatmulThroughput(100, 784, 500, 2, 80));
        var scored = new BenchRow("nade", "NADE", 10, 100, 1000, 3, 1e6, 10, 500, 1 << 20, true, exact, frechet, 4, "trained here", 1, Recipes.Nade.Text,
            Kid: 12.3456, Precision: 0.8126, Recall: 0.5, PathLength: 2343.71);
        var current = new BenchReport("default", DateTimeOffset.UnixEpoch, 60, machine, [scored]) { FeatureClassifier = DigitClassifierRecipe.Reference.Text };

        Assert.Null(current.StaleReason);
        Assert.Contains("| NLL 90.0 nats (exact) | 55.50 | 12.35 | 0.813 | 0.500 | 2343.7 | 4 |", current.ToMarkdown(), StringComparison.Ordinal);
        // A report from before the bench recorded KID has FID-style scores and nothing beside them: not shown as today's.
        var older = current with { Rows = [scored with { Kid = null, Precision = null, Recall = null, PathLength = null }] };
        Assert.Contains("before the bench recorded KID", older.StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAisRowIsShownAsAnEstimateWithItsAnnealingAndOtherBatchSizesAreNamed()
    {
        var machine = new MachineFacts("cpu", 2, 2, "os", ".NET", "0.107", new MatmulThroughput(1024, 1024, 1024, 2, 100), new MatmulThroughput(100, 784, 500, 2, 80));
        var ais = new QualityScore(QualityMetric.AisNll, 120.04, 1.1, "embedded MNIST test split (first 1,000 of 1,000 images), static binarization (seed 2008); AIS estimate of log Z (100 runs, 10,000 temperatures); ±3σ of log Ẑ gives 119.8 … 120.3 nats");
        var exact = new QualityScore(QualityMetric.ExactNll, 90.0, 0.5, "test");
        BenchRow Row(string model, int batch, QualityScore quality) =>
            new(model, model.ToUpperInvariant(), 10, batch, 1000, 3, 1e6, 10, 100, 1 << 20, true, quality, null, 10, "trained here", 1);
        var report = new BenchReport("full", DateTimeOffset.UnixEpoch, 60, machine, [Row("nade", 100, exact), Row("rbm", 100, ais), Row("pixelcnn", 50, exact)]);

        var markdown = report.ToMarkdown();

        Assert.Contains("| RBM | 10 | 1,000 | 1.0 (1 %) | 10.0 | 1 MB | NLL ≈ 120.0 nats (AIS) | — | — | — | — | — | 10 |", markdown);
        Assert.Contains("batches of 100 (pixelcnn 50)", markdown);
        Assert.Contains("rbm: “NLL ≈” is an estimate.", markdown);
        Assert.Contains("AIS estimate of log Z (100 runs, 10,000 temperatures)", markdown);
    }
}
