using System.Text;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

public sealed class StaticSiteTests
{
    private static readonly SiteOptions _options = new() { Title = "Test course", Plotly = new PlotlyScript("2.28.0", "window.Plotly = {};") };

    [Fact]
    public void IndexListsEveryNotebookWithTitleStatusAndDuration()
    {
        using var temp = new Fixture.TempDirectory();
        var site = StaticSite.Write(temp.File("site"), [SiteSamples.Passed("00-setup", "Setup"), SiteSamples.Failed("01-chain", "Chain rule", 2)], _options);

        var index = File.ReadAllText(site.IndexPath);
        Assert.Contains("<h1>Test course</h1>\n<p class=\"run-summary\">1 of 2 notebooks passed.</p>", index);
        Assert.Contains("<tr><td><a href=\"00-setup.html\">Setup</a> <span class=\"file\">00-setup</span></td><td class=\"passed\">passed</td><td class=\"duration\">12.3 s</td></tr>", index);
        Assert.Contains("<tr><td><a href=\"01-chain.html\">Chain rule</a> <span class=\"file\">01-chain</span></td><td class=\"failed\">failed at cell 2</td><td class=\"duration\">3.0 s</td></tr>", index);
        Assert.DoesNotContain("plotly", index, StringComparison.Ordinal);
    }

    [Fact]
    public void PagesLinkToTheContentsAndToTheirNeighbours()
    {
        using var temp = new Fixture.TempDirectory();
        var site = StaticSite.Write(
            temp.File("site"),
            [SiteSamples.Passed("00-a", "A"), SiteSamples.Passed("01-b", "B"), SiteSamples.Passed("02-c", "C")],
            _options);

        Assert.Equal([temp.File("site/00-a.html"), temp.File("site/01-b.html"), temp.File("site/02-c.html")], site.PagePaths);
        Assert.Contains(
            "<nav class=\"pager\"><a class=\"contents\" href=\"index.html\">Contents</a>" +
            "<a class=\"previous\" rel=\"prev\" href=\"00-a.html\">← A</a><a class=\"next\" rel=\"next\" href=\"02-c.html\">C →</a></nav>",
            File.ReadAllText(site.PagePaths[1]));
        Assert.Contains("<nav class=\"pager\"><a class=\"contents\" href=\"index.html\">Contents</a><a class=\"next\" rel=\"next\" href=\"01-b.html\">B →</a></nav>", File.ReadAllText(site.PagePaths[0]));
    }

    [Fact]
    public void AssetsAreWrittenWithKatexFontsAndPlotly()
    {
        using var temp = new Fixture.TempDirectory();
        var site = StaticSite.Write(temp.File("site"), [SiteSamples.Passed("a", "A")], _options);

        string Asset(string path) => Path.Combine(site.Directory, "assets", path);
        Assert.Equal("window.Plotly = {};", File.ReadAllText(Asset("plotly-2.28.0.min.js")));
        Assert.StartsWith("/* The course site", File.ReadAllText(Asset("site.css")));
        Assert.Contains("renderMathInElement", File.ReadAllText(Asset("site.js")));
        Assert.Contains("katex", File.ReadAllText(Asset("katex/katex.min.js")));
        Assert.Contains("renderMathInElement", File.ReadAllText(Asset("katex/contrib/auto-render.min.js")));
        Assert.StartsWith("The MIT License", File.ReadAllText(Asset("katex/LICENSE")));
        Assert.False(File.Exists(Asset("katex/README.md")));

        // Every font the stylesheet asks for first (the woff2 of each face) is there, and is a WOFF2 file.
        var css = File.ReadAllText(Asset("katex/katex.min.css"));
        var fonts = System.Text.RegularExpressions.Regex.Matches(css, @"url\((fonts/[^)]+\.woff2)\)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(20, fonts.Count);
        Assert.All(fonts, font => Assert.Equal("wOF2", Encoding.ASCII.GetString(File.ReadAllBytes(Asset("katex/" + font)), 0, 4)));
    }

    [Fact]
    public void WritingAgainReplacesTheWholeSiteAndLeavesNoStagingFolders()
    {
        using var temp = new Fixture.TempDirectory();
        var first = StaticSite.Write(temp.File("site"), [SiteSamples.Passed("old", "Old")], _options);
        File.WriteAllText(Path.Combine(first.Directory, "stray.txt"), "from before");

        var second = StaticSite.Write(temp.File("site"), [SiteSamples.Passed("new", "New")], _options);

        Assert.False(File.Exists(temp.File("site/old.html")));
        Assert.False(File.Exists(temp.File("site/stray.txt")));
        Assert.True(File.Exists(second.PagePaths[0]));
        Assert.Equal(["site"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailedWriteLeavesThePreviousSiteInPlace()
    {
        using var temp = new Fixture.TempDirectory();
        StaticSite.Write(temp.File("site"), [SiteSamples.Passed("kept", "Kept")], _options);

        // plotly.js is written last; this version makes its path lead through index.html, a file already written.
        var bad = _options with { Plotly = new PlotlyScript("x/../../index.html/x", "") };
        Assert.ThrowsAny<IOException>(() => StaticSite.Write(temp.File("site"), [SiteSamples.Passed("new", "New")], bad));

        Assert.True(File.Exists(temp.File("site/kept.html")));
        Assert.Equal(["site"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void TitleFallsBackToTheNameWithoutAHeading()
    {
        var page = new SitePage("04-gan", GenerativeCourse.Notebooks.Document.Notebook.CreateCSharp());

        Assert.Equal("04-gan", page.Title);
    }
}
