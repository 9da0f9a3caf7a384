using GenerativeCourse.Benchmarks;
using GenerativeCourse.Catalog;
using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Benchmarks;

public sealed class BenchReportTests
{
    private static readonly MachineFacts Machine = new("Test CPU", 2, 2, "Linux", ".NET", "0.107.0",
        new MatmulThroughput(1024, 1024, 1024, 2, 100), new MatmulThroughput(100, 784, 500, 2, 80));

    private static BenchRow Row(string model, int timedEpochs, int batchSize = 100) => new(
        model, model.ToUpperInvariant(), 1000, batchSize, 2000, timedEpochs, 1e7, 50, 1000, 700L * 1024 * 1024, true,
        new QualityScore(QualityMetric.ExactNll, 95.5, 0.8, "test"), null, timedEpochs + 1, "trained here", 60);

    private static string Footnote(params BenchRow[] rows) =>
        new BenchReport("full", DateTimeOffset.UnixEpoch, 600, Machine, rows).ToMarkdown();

    [Fact]
    public void TheFootnoteStatesTheNumberOfTimedEpochsWhenAllModelsHadTheSame()
    {
        var markdown = Footnote(Row("fvsbn", 3), Row("nade", 3));

        Assert.Contains("Train examples/s: median of 3 timed epochs after 1 warm-up epoch, batches of 100.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFootnoteGivesTheRangeWhenModelsTrainedForDifferentLengths()
    {
        var markdown = Footnote(Row("fvsbn", 19), Row("dcgan", 4), Row("pixelcnn", 3, batchSize: 50));

        Assert.Contains(
            "Train examples/s: median of every epoch after 1 warm-up epoch (3 to 19 timed epochs per model; a one-epoch budget is timed whole), batches of 100 (pixelcnn 50).",
            markdown,
            StringComparison.Ordinal);
        Assert.Contains("| FVSBN | 1,000 | 2,000 | 20.0 (20 %) | 50.0 | 700 MB | NLL 95.5 nats (exact) | — | — | — | — | — | 20 |", markdown, StringComparison.Ordinal);
    }
}
