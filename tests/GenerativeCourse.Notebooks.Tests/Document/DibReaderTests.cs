using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class DibReaderTests
{
    [Fact]
    public void SplitsSectionsIntoCellsByKernelLines()
    {
        var notebook = Fixture.Read("sample.dib");

        Assert.Equal(
            [
                (CellKind.Markdown, "# Sampling from a NADE\n\nEach pixel is drawn from its conditional — *in order*."),
                (CellKind.Code, "#!time\nvar nade = new Nade(new NadeOptions(784, 500));\n\n\nvar samples = nade.Sample(16);"),
                (CellKind.Code, "samples.Length"),
                (CellKind.Code, "let notSupported = 1"),
                (CellKind.Markdown, "Done."),
                (CellKind.Code, "Console.WriteLine(\"alias from kernelInfo\");"),
            ],
            notebook.Cells.Select(cell => (cell.Kind, cell.Source)));
    }

    [Fact]
    public void GivesEachCellItsKernelAndAnId()
    {
        var notebook = Fixture.Read("sample.dib");

        var kernels = Enumerable.Range(0, notebook.Cells.Count).Select(i => KernelResolution.Resolve(notebook, i).Name);

        Assert.Equal(["markdown", "csharp", "csharp", "fsharp", "markdown", "csharp"], kernels);
        Assert.Equal("csharp", notebook.Cells[2].Metadata["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal("fsharp", notebook.Cells[3].Metadata["dotnet_interactive"]!["language"]!.GetValue<string>());
        Assert.Equal(["cell-1", "cell-2", "cell-3", "cell-4", "cell-5", "cell-6"], notebook.Cells.Select(cell => cell.Id));
    }

    [Fact]
    public void TheMetaHeaderBecomesThePolyglotMetadata()
    {
        var notebook = Fixture.Read("sample.dib");

        var items = notebook.Metadata["polyglot_notebook"]!["kernelInfo"]!["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal(".net-csharp", notebook.Metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal((4, 5), (Notebook.FormatMajor, notebook.FormatMinor));
        Assert.Equal(Fixture.PathOf("sample.dib"), notebook.FilePath);
    }

    [Fact]
    public void WithoutAHeaderTextBeforeTheFirstKernelLineIsCSharp()
    {
        var notebook = Fixture.Succeed(DibReader.Parse("var a = 1;\r\n\r\n#!markdown\r\nText\r\n#!unknown-magic\r\n", "plain.dib"));

        Assert.Equal([(CellKind.Code, "var a = 1;"), (CellKind.Markdown, "Text\n#!unknown-magic")], notebook.Cells.Select(cell => (cell.Kind, cell.Source)));
        Assert.Equal("csharp", KernelResolution.Resolve(notebook, 0).Name);
    }

    [Fact]
    public void AnEmptyFileHasNoCells()
    {
        Assert.Empty(Fixture.Succeed(DibReader.Parse("\n\n#!csharp\n\n", "empty.dib")).Cells);
    }

    [Fact]
    public void ABrokenMetaHeaderIsReportedAtItsLineInTheFile()
    {
        var problem = Assert.Single(DibReader.Parse("#!meta\n\n{\"kernelInfo\": {\"defaultKernelName\" \"csharp\"}}\n\n#!csharp\nx", "broken.dib").Problems);

        Assert.Equal(("broken.dib", 3), (problem.File, problem.Line));
        Assert.Equal(37, problem.Column);
        Assert.StartsWith("broken.dib(3,37): invalid JSON:", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMetaHeaderThatIsNotAnObjectIsAProblem()
    {
        var problem = Assert.Single(DibReader.Parse("#!meta\n[1]\n#!csharp\nx", "list.dib").Problems);

        Assert.Equal(1, problem.Line);
        Assert.Contains("must hold one JSON object", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADibSavedAsIpynbReadsBackTheSame()
    {
        var notebook = Fixture.Read("sample.dib");

        var json = IpynbWriter.Serialize(notebook);

        Assert.Equal(json, IpynbWriter.Serialize(Fixture.Parse(json)));
    }
}
