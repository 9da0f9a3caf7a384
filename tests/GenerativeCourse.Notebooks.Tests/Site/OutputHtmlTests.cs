using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

public sealed class OutputHtmlTests
{
    [Fact]
    public void HtmlIsInsertedAsItIsAndPreferredOverPlainText()
    {
        var data = new MimeBundle().SetText("text/plain", "chart").SetText("text/html", "<div id=\"c\"><script>draw(1 < 2)</script></div>");

        Assert.Equal(
            "<div class=\"output html\"><div id=\"c\"><script>draw(1 < 2)</script></div></div>",
            OutputHtml.Render(new DisplayDataOutput(data)));
    }

    [Fact]
    public void PngIsADataImageWithTheLineBreaksOfItsBase64Removed()
    {
        var data = new MimeBundle().SetText("text/plain", "grid").SetText("image/png", "iVBORw0KGgo=\nAAAA\n");

        Assert.Equal(
            "<div class=\"output image\"><img src=\"data:image/png;base64,iVBORw0KGgo=AAAA\" alt=\"output image\"></div>",
            OutputHtml.Render(new ExecuteResultOutput(3, data)));
    }

    [Fact]
    public void HtmlIsPreferredOverPng()
    {
        var data = new MimeBundle().SetText("image/png", "AAAA").SetText("text/html", "<b>grid</b>");

        Assert.Equal("<div class=\"output html\"><b>grid</b></div>", OutputHtml.Render(new DisplayDataOutput(data)));
    }

    [Fact]
    public void PlainTextIsEscapedInAPre()
    {
        var data = MimeBundle.PlainText("List<int> { 1 } & \"x\"");

        Assert.Equal(
            "<pre class=\"output text\">List&lt;int&gt; { 1 } &amp; &quot;x&quot;</pre>",
            OutputHtml.Render(new ExecuteResultOutput(1, data)));
    }

    [Fact]
    public void StdoutAndStderrAreEscapedPresWithTheirOwnClass()
    {
        Assert.Equal("<pre class=\"output stream stdout\">epoch 1: loss &lt; 0.5\n</pre>", OutputHtml.Render(StreamOutput.Stdout("epoch 1: loss < 0.5\n")));
        Assert.Equal("<pre class=\"output stream stderr\">warning\n</pre>", OutputHtml.Render(StreamOutput.Stderr("warning\n")));
    }

    [Fact]
    public void AnsiColourCodesAreRemovedFromStreams()
    {
        Assert.Equal("<pre class=\"output stream stdout\">red plain</pre>", OutputHtml.Render(StreamOutput.Stdout("\u001b[31mred\u001b[0m plain")));
    }

    [Fact]
    public void ErrorShowsNameValueAndTracebackEscapedWithoutAnsiCodes()
    {
        var error = new ErrorOutput(
            "InvalidOperationException",
            "loss is <NaN>",
            ["\u001b[0;31mInvalidOperationException\u001b[0m: loss is <NaN>", "   at Submission#3.<Main>"]);

        Assert.Equal(
            "<div class=\"output error\"><pre class=\"error-message\"><span class=\"error-name\">InvalidOperationException</span>: loss is &lt;NaN&gt;</pre>" +
            "<pre class=\"traceback\">InvalidOperationException: loss is &lt;NaN&gt;\n   at Submission#3.&lt;Main&gt;</pre></div>",
            OutputHtml.Render(error));
    }

    [Fact]
    public void ErrorWithoutTracebackHasOnlyItsMessage()
    {
        Assert.Equal(
            "<div class=\"output error\"><pre class=\"error-message\"><span class=\"error-name\">CompilationError</span>: (1,5): error CS1002: ; expected</pre></div>",
            OutputHtml.Render(new ErrorOutput("CompilationError", "(1,5): error CS1002: ; expected", [])));
    }

    [Fact]
    public void ABundleWithNothingShowableSaysSo()
    {
        var data = new MimeBundle().SetJson("application/json", new JsonObject { ["a"] = 1 });

        Assert.Equal(
            "<p class=\"output unsupported\">An output of type application/json that this page cannot show.</p>",
            OutputHtml.Render(new DisplayDataOutput(data)));
    }
}
