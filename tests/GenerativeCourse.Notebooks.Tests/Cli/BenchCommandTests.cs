using GenerativeCourse.Benchmarks;

namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary><c>gencourse bench</c> measures through the library, writes bench.json and bench.md, and updates the README table.</summary>
[Collection(InProcessTorchCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task QuickBenchOfOneModelWritesTheReportAndReplacesTheReadmeTable()
    {
        using var temp = new Fixture.TempDirectory();
        var readme = temp.File("README.md");
        File.WriteAllText(readme, "# Course\n\n<!-- bench:start -->\nold numbers\n<!-- bench:end -->\n\nMore text.\n");

        var (exitCode, output) = await CommandLine.RunAsync("bench", "--models", "fvsbn", "--profile", "quick", "--out", temp.File("bench"), "--update-readme", "--readme", readme);

        Assert.True(exitCode == 0, output);
        var report = BenchReport.Read(temp.File("bench/bench.json"));
        var row = Assert.Single(report.Rows);
        Assert.Equal("fvsbn", row.Model);
        Assert.Equal(784L * 784 + 784, row.Parameters);                    // the masked D×D matrix is stored whole
        Assert.Equal(2.0 * 3 * 784 * 784, row.TrainFlopsPerExample);       // 2 per multiply-add, backward = 2 × forward
        Assert.True(row.TrainExamplesPerSecond > 0 && row.SamplesPerSecond > 0 && row.PeakWorkingSetBytes > 0, output);
        // An FVSBN after 2 epochs of 1,000 images is between the uniform model (784 ln 2 = 543 nats) and a trained one (~100).
        Assert.InRange(row.Quality.Value, 100, 543);
        Assert.True(report.Machine.Peak.GflopsPerSecond > 0);
        var markdown = File.ReadAllText(temp.File("bench/bench.md"));
        Assert.Contains("| FVSBN (Frey 1998; Gan et al. 2015) | 615,440 |", markdown);
        Assert.Contains("| FVSBN (Frey 1998; Gan et al. 2015) | 615,440 |", output);
        var updated = File.ReadAllText(readme);
        Assert.StartsWith("# Course\n\n<!-- bench:start -->\nMeasured by `gencourse bench --profile quick`", updated);
        Assert.EndsWith("\n<!-- bench:end -->\n\nMore text.\n", updated);
        Assert.DoesNotContain("old numbers", updated);
    }

    [Fact]
    public async Task ReadmeWithoutMarkersIsRefusedBeforeMeasuring()
    {
        using var temp = new Fixture.TempDirectory();
        var readme = temp.File("README.md");
        File.WriteAllText(readme, "# Course\n");

        var (exitCode, output) = await CommandLine.RunAsync("bench", "--profile", "quick", "--out", temp.File("bench"), "--update-readme", "--readme", readme);

        Assert.Equal(2, exitCode);
        Assert.Contains("has no <!-- bench:start --> … <!-- bench:end --> pair", output);
        Assert.False(Directory.Exists(temp.File("bench")));
        Assert.Equal("# Course\n", File.ReadAllText(readme));
    }

    [Fact]
    public async Task UnknownModelIsBadUsage()
    {
        var (exitCode, output) = await CommandLine.RunAsync("bench", "--models", "nade,vqvae", "--profile", "quick");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown model 'vqvae'.", output);
    }
}
