using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class IpynbWriterTests
{
    [Fact]
    public void ANewNotebookIsWrittenInJupyterLayoutWithSortedKeys()
    {
        var notebook = new Notebook(metadata: new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp" } });
        notebook.AddCell(NotebookCell.Code("var x = 1;\nx"));
        notebook.AddCell(NotebookCell.Markdown(""));

        const string Expected = """
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": null,
               "id": "cell-1",
               "metadata": {
                "dotnet_interactive": {
                 "language": "csharp"
                },
                "polyglot_notebook": {
                 "kernelName": "csharp"
                }
               },
               "outputs": [],
               "source": [
                "var x = 1;\n",
                "x"
               ]
              },
              {
               "cell_type": "markdown",
               "id": "cell-2",
               "metadata": {},
               "source": []
              }
             ],
             "metadata": {
              "kernelspec": {
               "name": ".net-csharp"
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """;
        Assert.Equal(Expected, IpynbWriter.Serialize(notebook));
    }

    [Fact]
    public void OnlyQuotesBackslashesAndControlCharactersAreEscapedAndHalfSurrogatesReplaced()
    {
        var notebook = new Notebook(formatMinor: 4);
        notebook.AddCell(new NotebookCell(CellKind.Raw, "é ½ — 😀 \u2028 \u007f \"q\" \\ \t \u001b \r \b \f \0 \ud800"));

        var json = IpynbWriter.Serialize(notebook);

        Assert.Contains("\"é ½ — 😀 \u2028 \u007f \\\"q\\\" \\\\ \\t \\u001b \\r \\b \\f \\u0000 \ufffd\"", json, StringComparison.Ordinal);
        Assert.Equal(notebook.Cells[0].Source.Replace('\ud800', '\ufffd'), Fixture.Parse(json).Cells[0].Source);
    }

    [Fact]
    public void MultilineTextIsWrittenAsLinesButImagesAndJsonAreNot()
    {
        var notebook = new Notebook(formatMinor: 4);
        var cell = NotebookCell.Code("x");
        cell.Outputs.Add(new DisplayDataOutput(new MimeBundle()
            .SetText("text/html", "<p>\n</p>")
            .SetText("image/png", "AAAA\nBBBB")
            .SetText("image/svg+xml", "<svg>\n</svg>")
            .SetJson("application/vnd.plotly.v1+json", new JsonObject { ["data"] = new JsonArray() })));
        notebook.AddCell(cell);

        var json = IpynbWriter.Serialize(notebook);

        Assert.Contains("\"text/html\": [\n       \"<p>\\n\",\n       \"</p>\"\n      ]", json, StringComparison.Ordinal);
        Assert.Contains("\"image/png\": \"AAAA\\nBBBB\"", json, StringComparison.Ordinal);
        Assert.Contains("\"image/svg+xml\": [\n       \"<svg>\\n\",", json, StringComparison.Ordinal);
        Assert.Contains("\"application/vnd.plotly.v1+json\": {\n       \"data\": []\n      }", json, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputsAndCountsAreWrittenForCodeCellsOnly()
    {
        var notebook = new Notebook(formatMinor: 4);
        var markdown = NotebookCell.Markdown("text");
        markdown.ExecutionCount = 3;
        markdown.Outputs.Add(StreamOutput.Stdout("ignored"));
        notebook.AddCell(markdown);

        var json = IpynbWriter.Serialize(notebook);

        Assert.DoesNotContain("outputs", json, StringComparison.Ordinal);
        Assert.DoesNotContain("execution_count", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdditionalPropertyNamedLikeAKnownOneIsWrittenOnce()
    {
        var notebook = new Notebook(formatMinor: 4);
        var cell = NotebookCell.Markdown("model wins");
        cell.AdditionalProperties["source"] = "stale";
        cell.AdditionalProperties["x-extra"] = 1;
        notebook.AddCell(cell);

        var reread = Fixture.Parse(IpynbWriter.Serialize(notebook)).Cells[0];

        Assert.Equal("model wins", reread.Source);
        Assert.Equal(1, reread.AdditionalProperties["x-extra"]!.GetValue<int>());
    }

    [Fact]
    public void TimingIsStoredUnderGencourseInUtcMilliseconds()
    {
        var cell = NotebookCell.Code("x");
        var start = new DateTimeOffset(2026, 1, 5, 11, 0, 0, 125, TimeSpan.FromHours(1));

        cell.Timing = new ExecutionTiming(start, start.AddSeconds(2.5));

        Assert.Equal(
            """{"start":"2026-01-05T10:00:00.125Z","end":"2026-01-05T10:00:02.625Z"}""",
            cell.Metadata["gencourse"]!["timing"]!.ToJsonString());
        Assert.Equal(start, cell.Timing!.Start);

        cell.Timing = null;
        Assert.False(cell.Metadata.ContainsKey("gencourse"));
    }
}
