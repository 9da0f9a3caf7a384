using GenerativeCourse.Benchmarks;

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
}
