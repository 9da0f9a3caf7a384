using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

public sealed class MarkdownHtmlTests
{
    [Fact]
    public void InlineMathSurvivesEmphasisRulesAsAMathSpan()
    {
        // Without the math extension, *b$ and $x^2 * y would start emphasis and _{i} would be read as markup.
        Assert.Equal(
            "<p>Let <span class=\"math\">\\(a_{i}*b\\)</span> and <span class=\"math\">\\(x_1 * y_2\\)</span>.</p>\n",
            MarkdownHtml.ToHtml("Let $a_{i}*b$ and $x_1 * y_2$."));
    }

    [Fact]
    public void DisplayMathKeepsBackslashesAndLineBreaks()
    {
        Assert.Equal(
            "<div class=\"math\">\n\\[\n\\begin{aligned} a &amp;= b \\\\ c &amp;= d \\end{aligned}\n\\]</div>\n",
            MarkdownHtml.ToHtml("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$\n"));
    }

    [Fact]
    public void DoubleDollarsWithinALineAreDisplayMath()
    {
        Assert.Equal(
            "<p><span class=\"math\">\\[\\sum_i x_i\\]</span> and <span class=\"math\">\\(y\\)</span></p>\n",
            MarkdownHtml.ToHtml("$$\\sum_i x_i$$ and $y$"));
    }

    [Fact]
    public void LessThanInMathIsEscapedSoThePageParsesIt()
    {
        Assert.Equal("<p><span class=\"math\">\\(p &lt; q\\)</span></p>\n", MarkdownHtml.ToHtml("$p < q$"));
    }

    [Fact]
    public void BracesAfterABlockAreNotTakenAsAttributes()
    {
        // Markdig's generic attributes would turn "{align}" into an attribute and drop it.
        Assert.Equal("<p>see \\begin{align}</p>\n", MarkdownHtml.ToHtml("see \\begin{align}"));
    }

    [Fact]
    public void PipeTablesAndHeadingsRender()
    {
        Assert.Equal(
            "<h2 id=\"results\">Results</h2>\n<table>\n<thead>\n<tr>\n<th>model</th>\n<th>nats</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>NADE</td>\n<td>88.1</td>\n</tr>\n</tbody>\n</table>\n",
            MarkdownHtml.ToHtml("## Results\n\n| model | nats |\n|---|---|\n| NADE | 88.1 |\n"));
    }

    [Theory]
    [InlineData("# Variational autoencoders\n\ntext", "Variational autoencoders")]
    [InlineData("Intro\n\n## Not this\n\n# The *title* with `code` and $q_\\phi$", "The title with code and q_\\phi")]
    [InlineData("```\n# a comment in code\n```\n", null)]
    [InlineData("## Only a second level", null)]
    public void TitleIsTheFirstLevelOneHeading(string markdown, string? title)
    {
        Assert.Equal(title, MarkdownHtml.FirstTitle(markdown));
    }
}
