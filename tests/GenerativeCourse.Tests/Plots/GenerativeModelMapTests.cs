using GenerativeCourse.Plots;

namespace GenerativeCourse.Tests.Plots;

public sealed class GenerativeModelMapTests
{
    [Fact]
    public void TheMapIsATreeWhoseParentsComeBeforeTheirChildren()
    {
        var families = GenerativeModelMap.Families;
        var seen = new HashSet<string>();
        foreach (var family in families)
        {
            Assert.True(family.Parent is null || seen.Contains(family.Parent), $"{family.Id}: parent {family.Parent} is not listed before it");
            Assert.True(seen.Add(family.Id), $"id {family.Id} is used twice");
        }

        Assert.Single(families, f => f.Parent is null);
    }

    [Fact]
    public void EveryModelChapterHasItsBoxOnTheMap()
    {
        // 06 compares models rather than adding one, so it is named in the title, not as a box.
        var chapters = GenerativeModelMap.Families.Where(f => f.Chapter is not null).Select(f => f.Chapter!).Order().ToArray();

        Assert.Equal(["01", "02", "03", "04", "05", "07", "08", "09", "09", "09"], chapters);
    }

    [Fact]
    public void TheChartIsOneHorizontalIcicleWithAColouredBoxPerCoveredModel()
    {
        using var figure = ChartsTests.Figure(GenerativeModelMap.Chart());

        var trace = Assert.Single(figure.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("icicle", trace.GetProperty("type").GetString());
        Assert.Equal(GenerativeModelMap.Families.Select(f => f.Id), trace.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("h", trace.GetProperty("tiling").GetProperty("orientation").GetString());
        var colours = trace.GetProperty("marker").GetProperty("colors").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(GenerativeModelMap.Families.Count(f => f.Chapter is not null), colours.Count(c => c == GenerativeModelMap.CoveredColour));
        Assert.Contains("VAE<br><b>chapter 03</b>", trace.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
    }
}
