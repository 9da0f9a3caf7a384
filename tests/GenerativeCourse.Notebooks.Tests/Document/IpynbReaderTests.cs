using System.Text;
using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class IpynbReaderTests
{
    [Fact]
    public void KeepsCellIdsTagsAndUnknownMetadata()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        Assert.Equal(["a1b2c3d4", "setup", "params", "train", "summary"], notebook.Cells.Select(cell => cell.Id));
        var parameters = notebook.Cells[2];
        Assert.Equal(["parameters"], parameters.Tags);
        Assert.Equal("polyglot-notebook", parameters.Metadata["vscode"]!["languageId"]!.GetValue<string>());
        Assert.Equal(["dotnet_interactive", "polyglot_notebook", "tags", "gencourse", "vscode"], parameters.Metadata.Select(p => p.Key));
        Assert.Equal("csharp", notebook.Metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.Equal(5, notebook.FormatMinor);
    }

    [Fact]
    public void JoinsSourceLinesIntoOneText()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        Assert.Equal("var epochs = 30;\nvar learningRate = 1e-3;\nvar runName = \"vae\";\nvar plot = true;", notebook.Cells[2].Source);
        Assert.Contains("✓ 😀\n", notebook.Cells[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsEveryKindOfOutput()
    {
        var cells = Fixture.Read("polyglot-executed.ipynb").Cells.ToDictionary(cell => cell.Id!);

        var streams = cells["stream"].Outputs.Cast<StreamOutput>().ToList();
        Assert.Equal([("stdout", "loss 0.25\nloss 0.125\n"), ("stderr", "warning: slow\n")], streams.Select(s => (s.Name, s.Text)));
        Assert.Equal(1, cells["stream"].ExecutionCount);

        var display = Assert.IsType<DisplayDataOutput>(cells["display"].Outputs[0]);
        Assert.Equal(["text/html", "image/png", "application/json", "text/plain"], display.Data.MimeTypes);
        Assert.True(display.Data.TryGetText("text/html", out var html));
        Assert.Equal("<div>\n  <img src=\"data:image/png;base64,AAA=\"/>\n</div>", html);
        Assert.True(display.Data.TryGetText("image/png", out var png));
        Assert.StartsWith("iVBORw0KGgo", png, StringComparison.Ordinal);
        Assert.Equal("zéro", display.Data["application/json"]!["labels"]![0]!.GetValue<string>());
        Assert.Equal(280, display.Metadata["image/png"]!["width"]!.GetValue<int>());
        Assert.True(display.AdditionalProperties.ContainsKey("transient"));

        var result = Assert.IsType<ExecuteResultOutput>(cells["display"].Outputs[1]);
        Assert.Equal(2, result.ExecutionCount);
        Assert.True(result.Data.TryGetText("text/plain", out var plain));
        Assert.Equal("16", plain);

        var error = Assert.IsType<ErrorOutput>(Assert.Single(cells["error"].Outputs));
        Assert.Equal(("System.InvalidOperationException", "NaN loss"), (error.ErrorName, error.ErrorValue));
        Assert.Equal(2, error.Traceback.Count);
        Assert.StartsWith("\u001b[0;31m", error.Traceback[0], StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsUnknownCellKeysRawCellsAndTiming()
    {
        var notebook = Fixture.Read("polyglot-executed.ipynb");
        var cells = notebook.Cells.ToDictionary(cell => cell.Id!);

        Assert.True(cells["intro"].AdditionalProperties.ContainsKey("attachments"));
        Assert.Equal(CellKind.Raw, cells["raw"].Kind);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 1, TimeSpan.Zero), cells["stream"].Timing!.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(1250), cells["stream"].Timing!.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(9375), notebook.Timing!.Duration);
    }

    [Fact]
    public void ReadsLegacyPolyglotNotebooks()
    {
        var notebook = Fixture.Read("polyglot-legacy.ipynb");

        Assert.Equal(2, notebook.FormatMinor);
        Assert.All(notebook.Cells, cell => Assert.Null(cell.Id));
        Assert.Equal("var x = 1;\r\nx + 1\r\n", notebook.Cells[1].Source);
        Assert.Equal("let y = 2\ny", notebook.Cells[2].Source);
    }

    [Fact]
    public void AcceptsAByteOrderMark()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Fixture.Bytes("polyglot-clean.ipynb")).ToArray();

        Assert.True(IpynbReader.Parse(bytes, "bom.ipynb").Succeeded);
    }

    [Fact]
    public void MalformedJsonIsReportedWithFileLineColumnAndWhatWasExpected()
    {
        var path = Fixture.PathOf("broken.ipynb");

        var result = IpynbReader.ReadFile(path);

        var problem = Assert.Single(result.Problems);
        Assert.Null(result.Value);
        Assert.Equal(path, problem.File);
        Assert.Equal(3, problem.Line);

        // Columns count characters: "Über — ½" is 8 characters but 12 bytes.
        var line = Fixture.Text("broken.ipynb").Split('\n')[2];
        Assert.Equal(line.IndexOf("\"kernelspec\"", StringComparison.Ordinal) + 1, problem.Column);
        Assert.Contains("Expected", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}(3,{problem.Column}): invalid JSON: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedAndEmptyFilesAreProblemsNotExceptions()
    {
        var truncated = IpynbReader.Parse("{\n \"cells\": [\n", "cut.ipynb");
        var empty = IpynbReader.Parse("", "empty.ipynb");
        var notUtf8 = IpynbReader.Parse(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }, "latin.ipynb");

        Assert.Equal(3, Assert.Single(truncated.Problems).Line);
        Assert.Equal(1, Assert.Single(empty.Problems).Line);
        Assert.Equal("latin.ipynb", Assert.Single(notUtf8.Problems).File);
    }

    [Fact]
    public void AnEscapedHalfSurrogateIsAProblemNotAnException()
    {
        var problem = Assert.Single(IpynbReader.Parse("""{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {"x": ["ok", "a\ud800b"]}}""", "js.ipynb").Problems);

        Assert.Contains("$.metadata.x[1]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateKeyIsLocated()
    {
        var problem = Assert.Single(IpynbReader.Parse("{\n \"cells\": [],\n \"cells\": []\n}", "dup.ipynb").Problems);

        Assert.Equal((3, 2), (problem.Line, problem.Column));
        Assert.Contains("\"cells\" appears twice", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsAProblem()
    {
        var problem = Assert.Single(IpynbReader.ReadFile("no/such/notebook.ipynb").Problems);

        Assert.Equal("no/such/notebook.ipynb", problem.File);
        Assert.Contains("cannot read", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}""", "nbformat 3 is not supported")]
    [InlineData("""{"nbformat": "4", "nbformat_minor": 5, "cells": []}""", "\"nbformat\" must be the integer 4, found a string")]
    [InlineData("""{"nbformat_minor": 5, "cells": []}""", "missing \"nbformat\"")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}""", "missing \"cells\"")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "cells": {}}""", "\"cells\" must be a list of cells, found an object")]
    [InlineData("""[1, 2]""", "expected a Jupyter notebook")]
    public void ANotebookOfTheWrongShapeIsNamedByFile(string json, string expected)
    {
        var problem = Assert.Single(IpynbReader.Parse(json, "shape.ipynb").Problems);

        Assert.Equal("shape.ipynb", problem.File);
        Assert.Null(problem.CellIndex);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMalformedCellIsNamedByFileAndIndex()
    {
        var json = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
              {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null},
              {"cell_type": "markdown", "metadata": {}, "source": "fine"},
              {"source": ["x"], "metadata": {}},
              {"cell_type": "heading", "source": "x"},
              {"cell_type": "code", "source": 42, "metadata": []},
              {"cell_type": "code", "source": "", "outputs": [{"name": "stdout", "text": "x"}, {"output_type": "stream", "name": "stdout"}], "execution_count": "1"},
              "not a cell"
            ]}
            """;

        var result = IpynbReader.Parse(json, "cells.ipynb");

        Assert.Null(result.Value);
        var problems = result.Problems.Select(problem => (problem.CellIndex, problem.Message)).ToList();
        Assert.Contains((0, "missing \"source\"; expected a string or a list of strings"), problems);
        Assert.Contains((2, "missing \"cell_type\"; expected \"code\", \"markdown\" or \"raw\""), problems);
        Assert.Contains((3, "unknown \"cell_type\" \"heading\"; expected \"code\", \"markdown\" or \"raw\""), problems);
        Assert.Contains((4, "\"source\" must be a string or a list of strings, found a number"), problems);
        Assert.Contains((4, "\"metadata\" must be an object, found a list"), problems);
        Assert.Contains((5, "\"execution_count\" must be an integer or null, found a string"), problems);
        Assert.Contains((5, "outputs[0]: missing \"output_type\"; expected \"stream\", \"display_data\", \"execute_result\" or \"error\""), problems);
        Assert.Contains((5, "outputs[1]: \"text\" must be a string or a list of strings, found nothing"), problems);
        Assert.Contains((6, "expected a cell (an object with \"cell_type\" and \"source\"), found a string"), problems);
        Assert.DoesNotContain(problems, problem => problem.CellIndex == 1);
        Assert.All(result.Problems, problem => Assert.StartsWith($"cells.ipynb: cells[{problem.CellIndex}]: ", problem.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataOfAnyShapeIsKeptNotInterpreted()
    {
        var notebook = Fixture.Parse("""
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {"polyglot_notebook": "odd", "kernelspec": 3},
             "cells": [{"cell_type": "code", "source": "1", "metadata": {"tags": "parameters", "dotnet_interactive": []}}]}
            """);

        Assert.Empty(notebook.Cells[0].Tags);
        Assert.IsType<JsonArray>(notebook.Cells[0].Metadata["dotnet_interactive"]);
        Assert.Equal("csharp", KernelResolution.Resolve(notebook, 0).Name);
    }
}
