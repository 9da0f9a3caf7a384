using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

public sealed class HelpersTests
{
    [Theory]
    [InlineData("plain σ²", "plain σ²")]
    [InlineData("a < b && c > \"d\" 'e'", "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;")]
    public void HtmlTextEscapesOnlyTheFiveSpecialCharacters(string text, string expected)
    {
        Assert.Equal(expected, HtmlText.Encode(text));
    }

    [Theory]
    [InlineData("\u001b[1;32mok\u001b[0m", "ok")]
    [InlineData("\u001b]0;title\u0007text", "text")]
    [InlineData("no codes [31m", "no codes [31m")]
    public void AnsiCodesAreStripped(string text, string expected)
    {
        Assert.Equal(expected, AnsiCodes.Strip(text));
    }

    [Fact]
    public void PageNamesAreSafeUniqueAndNeverTheIndex()
    {
        Assert.Equal(
            ["03-vae.html", "03-vae-2.html", "index-2.html", "my-notebook-.html", "notebook.html"],
            PageNames.Assign(["03-vae", "03-vae", "index", "my notebook?", ".."]));
    }
}
