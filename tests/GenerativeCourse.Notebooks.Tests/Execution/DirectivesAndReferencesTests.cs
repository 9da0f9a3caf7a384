using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Directives in cells: magics, <c>#r</c> of a local assembly, <c>#load</c>, <c>#r "nuget:"</c>, native console output.</summary>
[Collection(WorkerCollection.Name)]
public sealed class DirectivesAndReferencesTests
{
    [Fact]
    public async Task UnknownMagicFailsTheCellBeforeAnyOfItRuns()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(directory, null, "Console.WriteLine(\"before the magic\");\n#!time\nConsole.WriteLine(\"after\");");

        var cell = result.Notebook!.Cells[0];
        var error = Assert.IsType<ErrorOutput>(Assert.Single(cell.Outputs));
        Assert.Equal("DirectiveError", error.ErrorName);
        Assert.StartsWith("line 2: ", error.ErrorValue, StringComparison.Ordinal);
        Assert.Contains("#!time", error.ErrorValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpMagicLineIsNotCodeAndKeepsLineNumbers()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(directory, null, "#!csharp\nvar n = 1;\nn + missing");

        Assert.Equal("(3,5): error CS0103: The name 'missing' does not exist in the current context", result.Failure!.Message);
    }

    [Fact]
    public async Task DibNotebookRunsItsCSharpCells()
    {
        using var directory = new Fixture.TempDirectory();
        var path = directory.File("small.dib");
        File.WriteAllText(path, "#!markdown\n\n# Title\n\n#!csharp\n\nvar n = 20;\n\n#!c#\n\nn + 22\n");

        var result = await Run.NotebookAsync(path);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([null, 1, 2], result.Notebook!.Cells.Select(cell => cell.ExecutionCount));
        Assert.Equal(["display: 42"], Run.Describe(result.Notebook.Cells[2]));
    }

    [Fact]
    public async Task LocalAssemblyAndScriptResolveAgainstTheNotebookFolder()
    {
        using var directory = new Fixture.TempDirectory();
        Directory.CreateDirectory(directory.File("lib"));
        CompileLibrary(directory.File("lib/Greeter.dll"), "namespace Local; public static class Greeter { public static string Hello(string name) => $\"Hello, {name}\"; }");
        File.WriteAllText(directory.File("helpers.csx"), "int Triple(int n) => 3 * n;\n");

        var result = await Run.CellsAsync(directory, null, "#r \"lib/Greeter.dll\"\nLocal.Greeter.Hello(\"runner\")", "#load \"helpers.csx\"\nTriple(14)", "System.IO.Directory.GetCurrentDirectory()");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["display: Hello, runner"], Run.Describe(result.Notebook!.Cells[0]));
        Assert.Equal(["display: 42"], Run.Describe(result.Notebook.Cells[1]));
        Assert.Equal([$"display: {directory.Path}"], Run.Describe(result.Notebook.Cells[2]));
    }

    [Fact]
    public async Task NuGetPackageIsRestoredAndUsable()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(
            directory,
            null,
            "#r \"nuget: Newtonsoft.Json, 13.0.3\"\nNewtonsoft.Json.JsonConvert.SerializeObject(new { a = 1 })",
            "#r \"nuget: Newtonsoft.Json\"\ntypeof(Newtonsoft.Json.JsonConvert).Assembly.GetName().Version!.ToString()",
            "#r \"nuget: Newtonsoft.Json, 12.0.3\"\nConsole.WriteLine(\"not reached\");");

        Assert.Equal(["display: {\"a\":1}"], Run.Describe(result.Notebook!.Cells[0]));
        Assert.Equal(["display: 13.0.0.0"], Run.Describe(result.Notebook.Cells[1]));
        Assert.Equal((2, "DirectiveError"), (result.Failure!.CellIndex, result.Failure.ErrorName));
        Assert.Contains("\"Newtonsoft.Json\" was already requested with version 13.0.3", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteredImageFormatterAddsPng()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(
            directory,
            null,
            "using Microsoft.DotNet.Interactive.Formatting;\nrecord Dot(int Size);\nFormatter.Register<Dot>(dot => Convert.ToBase64String(new byte[] { 137, 80, 78, 71, (byte)dot.Size }), \"image/png\");\nnew Dot(7)",
            "42");

        var data = Assert.IsType<DisplayDataOutput>(Assert.Single(result.Notebook!.Cells[0].Outputs)).Data;
        Assert.Equal(["text/html", "text/plain", "image/png"], data.MimeTypes);
        Assert.Equal(Convert.ToBase64String(new byte[] { 137, 80, 78, 71, 7 }), Run.Text(result.Notebook.Cells[0].Outputs[0], "image/png"));
        Assert.Equal(["text/html", "text/plain"], ((DisplayDataOutput)result.Notebook.Cells[1].Outputs[0]).Data.MimeTypes);
    }

    [Fact]
    public async Task NativeWritesToStandardOutputAndErrorBelongToTheCell()
    {
        using var directory = new Fixture.TempDirectory();
        var result = await Run.CellsAsync(
            directory,
            null,
            """
            static class Libc
            {
                [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "write")]
                public static extern nint Write(int fd, byte[] buffer, nint count);
            }
            void Native(int fd, string text) { var bytes = Encoding.UTF8.GetBytes(text); Libc.Write(fd, bytes, bytes.Length); }
            Console.WriteLine("managed");
            Native(1, "native out\n");
            """,
            "Native(2, \"native err\\n\");");

        Assert.Equal(["stdout: managed\nnative out\n"], Run.Describe(result.Notebook!.Cells[0]));
        Assert.Equal(["stderr: native err\n"], Run.Describe(result.Notebook.Cells[1]));
    }

    private static void CompileLibrary(string path, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(file => Path.GetFileName(file) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(file => MetadataReference.CreateFromFile(file));
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(path),
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
