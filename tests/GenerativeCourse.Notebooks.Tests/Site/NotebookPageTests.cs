using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

public sealed class NotebookPageTests
{
    [Fact]
    public void CodeCellShowsItsCountEscapedSourceAndOutputs()
    {
        var cell = NotebookCell.Code("var list = new List<int>();\nConsole.WriteLine(\"a & b\");");
        cell.ExecutionCount = 7;
        cell.Outputs.Add(StreamOutput.Stdout("a & b\n"));

        Assert.Equal(
            "<section class=\"cell code\" id=\"cell-2\">\n" +
            "<div class=\"prompt\">[7]</div>\n" +
            "<pre class=\"source\"><code class=\"language-csharp\">var list = new List&lt;int&gt;();\nConsole.WriteLine(&quot;a &amp; b&quot;);</code></pre>\n" +
            "<div class=\"outputs\">\n<pre class=\"output stream stdout\">a &amp; b\n</pre>\n</div>\n" +
            "</section>\n",
            NotebookPage.Cell(cell, 2, failed: false));
    }

    [Fact]
    public void CellThatDidNotRunHasAnEmptyPromptAndNoOutputs()
    {
        Assert.Equal(
            "<section class=\"cell code failed\" id=\"cell-0\">\n<div class=\"prompt\">[ ]</div>\n" +
            "<pre class=\"source\"><code class=\"language-csharp\">x</code></pre>\n</section>\n",
            NotebookPage.Cell(NotebookCell.Code("x"), 0, failed: true));
    }

    [Fact]
    public void InjectedParametersCellIsMarked()
    {
        var cell = NotebookCell.Code("epochs = 1;");
        cell.AddTag(Parameters.InjectedParametersTag);

        Assert.StartsWith("<section class=\"cell code injected-parameters\" id=\"cell-3\">", NotebookPage.Cell(cell, 3, failed: false));
    }

    [Fact]
    public void MarkdownCellIsRenderedWithItsMath()
    {
        Assert.Equal(
            "<section class=\"cell markdown\" id=\"cell-0\">\n<p>Bayes: <span class=\"math\">\\(p(z|x)\\)</span></p>\n</section>\n",
            NotebookPage.Cell(NotebookCell.Markdown("Bayes: $p(z|x)$"), 0, failed: false));
    }

    [Fact]
    public void FailedRunLinksToTheFailingCell()
    {
        var html = StaticSite.RenderPage(SiteSamples.Failed("02-nade", "NADE", 2), new SiteOptions());

        Assert.Contains(
            "<p class=\"run-status failed\">This run <a href=\"#cell-2\">failed at cell 2</a> (3.0 s): InvalidOperationException: boom</p>",
            html);
        Assert.Contains("<section class=\"cell code failed\" id=\"cell-2\">", html);
    }

    [Fact]
    public void PageHeadLoadsAssetsRelativelyWithPlotlyBeforeTheBody()
    {
        var html = StaticSite.RenderPage(SiteSamples.Passed("01-chain", "Chain rule"), new SiteOptions { Plotly = new PlotlyScript("2.28.0", "var Plotly = {};") });

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", html);
        Assert.Contains("<title>Chain rule · GenerativeCourse</title>", html);
        Assert.Contains(
            "<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">\n" +
            "<link rel=\"stylesheet\" href=\"assets/site.css\">\n" +
            "<script src=\"assets/plotly-2.28.0.min.js\"></script>\n" +
            "<script defer src=\"assets/katex/katex.min.js\"></script>\n" +
            "<script defer src=\"assets/katex/contrib/auto-render.min.js\"></script>\n" +
            "<script defer src=\"assets/site.js\"></script>\n</head>\n",
            html);
        Assert.Contains("<p class=\"run-status passed\">Every cell ran (12.3 s).</p>", html);
    }

    [Fact]
    public void WithoutPlotlyThePageHasNoPlotlyScript()
    {
        Assert.DoesNotContain("plotly", StaticSite.RenderPage(SiteSamples.Passed("a", "A"), new SiteOptions()), StringComparison.OrdinalIgnoreCase);
    }
}
