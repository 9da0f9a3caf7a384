using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class KernelResolutionTests
{
    private const string PolyglotNotebook = """
        {"kernelspec": {"name": ".net-csharp"}, "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"name": "csharp", "aliases": ["sharpy"]}]}}}
        """;

    [Theory]
    [InlineData("csharp")]
    [InlineData("c#")]
    [InlineData("C#")]
    [InlineData("cs")]
    [InlineData("CSharp")]
    [InlineData(" csharp ")]
    [InlineData("sharpy")] // an alias the notebook lists in kernelInfo.items
    public void EveryAliasOfCSharpIsCSharp(string alias)
    {
        var kernel = Resolve(PolyglotNotebook, $$$"""{"polyglot_notebook": {"kernelName": "{{{alias}}}"}}""");

        Assert.Equal(("csharp", KernelSource.CellKernelName), (kernel.Name, kernel.Source));
        Assert.True(kernel.IsCSharp);
        Assert.True(kernel.IsSupported);
    }

    [Theory]
    [InlineData("csharp")]
    [InlineData("c#")]
    [InlineData("C#")]
    [InlineData("cs")]
    public void EveryAliasWorksInTheOlderLanguageKeyToo(string alias)
    {
        var kernel = Resolve("{}", $$$"""{"dotnet_interactive": {"language": "{{{alias}}}"}}""");

        Assert.Equal(("csharp", KernelSource.CellLanguage), (kernel.Name, kernel.Source));
    }

    [Fact]
    public void TheCellKernelNameComesBeforeTheCellLanguage()
    {
        var fsharpName = Resolve(PolyglotNotebook, """{"polyglot_notebook": {"kernelName": "fsharp"}, "dotnet_interactive": {"language": "csharp"}}""");
        var csharpName = Resolve(PolyglotNotebook, """{"polyglot_notebook": {"kernelName": "csharp"}, "dotnet_interactive": {"language": "fsharp"}}""");

        Assert.Equal(("fsharp", KernelSource.CellKernelName), (fsharpName.Name, fsharpName.Source));
        Assert.Equal(("csharp", KernelSource.CellKernelName), (csharpName.Name, csharpName.Source));
    }

    [Fact]
    public void TheCellLanguageComesBeforeTheNotebookDefault()
    {
        var kernel = Resolve("""{"polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp"}}}""", """{"dotnet_interactive": {"language": "pwsh"}}""");

        Assert.Equal(("pwsh", KernelSource.CellLanguage), (kernel.Name, kernel.Source));
    }

    [Fact]
    public void TheNotebookDefaultKernelComesBeforeTheKernelspec()
    {
        var kernel = Resolve("""{"kernelspec": {"name": ".net-csharp"}, "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp"}}}""", "{}");

        Assert.Equal(("fsharp", KernelSource.NotebookDefaultKernel), (kernel.Name, kernel.Source));
    }

    [Theory]
    [InlineData(".net-csharp", "csharp")]
    [InlineData(".net-fsharp", "fsharp")]
    [InlineData(".net-pwsh", "pwsh")]
    [InlineData("python3", "python3")]
    public void TheKernelspecNameWithoutItsPrefixComesNext(string kernelspec, string expected)
    {
        var kernel = Resolve($$$"""{"kernelspec": {"name": "{{{kernelspec}}}"}}""", "{}");

        Assert.Equal((expected, KernelSource.Kernelspec), (kernel.Name, kernel.Source));
    }

    [Fact]
    public void WithNothingSaidACellIsCSharp()
    {
        var kernel = Resolve("{}", "{}");

        Assert.Equal(("csharp", KernelSource.Fallback), (kernel.Name, kernel.Source));
    }

    [Theory]
    [InlineData("#!csharp")]
    [InlineData("#!c#")]
    [InlineData("#!C#")]
    [InlineData("#!cs")]
    [InlineData("#!csharp  ")]
    public void ALeadingCSharpMagicLineWinsOverMetadataAndIsNotCode(string magic)
    {
        var kernel = Resolve(PolyglotNotebook, """{"polyglot_notebook": {"kernelName": "fsharp"}}""", $"{magic}\nvar x = 1;\nx");

        Assert.Equal(("csharp", KernelSource.MagicCommand), (kernel.Name, kernel.Source));
        Assert.Equal(("var x = 1;\nx", 1), (kernel.Code, kernel.CodeLineOffset));
    }

    [Theory]
    [InlineData("#!markdown")]
    [InlineData("#!md")]
    public void AMarkdownMagicLineMakesACodeCellMarkdown(string magic)
    {
        var kernel = Resolve(PolyglotNotebook, "{}", $"{magic}\n# Title");

        Assert.True(kernel.IsMarkdown);
        Assert.True(kernel.IsSupported);
        Assert.Equal("# Title", kernel.Code);
    }

    [Fact]
    public void OtherMagicLinesStayInTheCode()
    {
        var kernel = Resolve(PolyglotNotebook, "{}", "#!time\nvar x = 1;");

        Assert.Equal(("csharp", KernelSource.NotebookDefaultKernel), (kernel.Name, kernel.Source));
        Assert.Equal(("#!time\nvar x = 1;", 0), (kernel.Code, kernel.CodeLineOffset));
    }

    [Fact]
    public void AMagicLineOnlyCountsFirst()
    {
        var kernel = Resolve(PolyglotNotebook, """{"polyglot_notebook": {"kernelName": "csharp"}}""", "var x = 1;\n#!fsharp\nlet y = 2");

        Assert.Equal(("csharp", KernelSource.CellKernelName), (kernel.Name, kernel.Source));
    }

    [Fact]
    public void ANonCSharpCodeCellIsAnErrorValueNamingTheCellAndKernel()
    {
        var notebook = Fixture.WithCodeCell(PolyglotNotebook, "{}", "#!fsharp\nlet x = 1");
        notebook.Cells.Insert(0, NotebookCell.Markdown("# Title"));

        var kernel = KernelResolution.Resolve(notebook, 1);

        Assert.False(kernel.IsSupported);
        var problem = kernel.Problem!;
        Assert.Equal(("kernels.ipynb", 1), (problem.File, problem.CellIndex));
        Assert.Contains("kernel \"fsharp\" is not supported", problem.Message, StringComparison.Ordinal);
        Assert.Contains("\"#!fsharp\"", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("kernels.ipynb: cells[1]: kernel \"fsharp\"", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownAndRawCellsAreDecidedByTheirType()
    {
        var notebook = new Notebook();
        notebook.AddCell(NotebookCell.Markdown("#!csharp\ntext"));
        notebook.AddCell(new NotebookCell(CellKind.Raw, "raw"));

        Assert.Equal(("markdown", KernelSource.CellType), (KernelResolution.Resolve(notebook, 0).Name, KernelResolution.Resolve(notebook, 0).Source));
        Assert.Equal("raw", KernelResolution.Resolve(notebook, 1).Name);
        Assert.True(KernelResolution.Resolve(notebook, 1).IsSupported);
    }

    [Fact]
    public void FixtureCellsResolveToCSharp()
    {
        var notebook = Fixture.Read("polyglot-legacy.ipynb");

        Assert.True(KernelResolution.Resolve(notebook, 1).IsCSharp);
        Assert.Equal("fsharp", KernelResolution.Resolve(notebook, 2).Name);
        Assert.Equal(("csharp", KernelSource.Kernelspec), KernelResolution.NotebookDefault(notebook));
    }

    private static CellKernel Resolve(string notebookMetadata, string cellMetadata, string source = "var x = 1;") =>
        KernelResolution.Resolve(Fixture.WithCodeCell(notebookMetadata, cellMetadata, source), 0);
}
