using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary>
/// <c>gencourse run</c> on two small notebooks with the real worker: one passes, one fails at its second code cell (cell 3 once the parameters are injected).
/// Checks the exit code, the per-cell console lines, the failure report, the executed copies and the site.
/// </summary>
[Collection(Execution.WorkerCollection.Name)]
public sealed class RunCommandEndToEndTests
{
    [Fact]
    public async Task RunsAFolderSavesExecutedCopiesAndTheSiteAndReportsTheFailingCell()
    {
        using var temp = new Fixture.TempDirectory();
        var folder = Directory.CreateDirectory(temp.File("notebooks")).FullName;
        Save(Path.Combine(folder, "01-passes.ipynb"), "# Passes", "var epochs = 30;", "Console.WriteLine($\"epochs = {epochs}\");\nepochs * 2");
        Save(Path.Combine(folder, "02-fails.ipynb"), "# Fails", "var epochs = 1;", "throw new InvalidOperationException(\"boom\");", "x");
        var output = temp.File("artifacts");

        var (exitCode, console) = await CommandLine.RunAsync("run", folder, "-p", "epochs=3", "--out", output, "--timeout", "120");

        Assert.True(exitCode == 1, console);
        // The injected cell of -p epochs=3 follows the parameters cell, so indices are those of the executed notebook.
        Assert.Matches(@"cell +3 +Console\.WriteLine\(\$""epochs = \{epochs\}""\); +\d+\.\d s  ok", console);
        Assert.Contains(
            $"failed at cell 3: {Path.Combine(folder, "02-fails.ipynb")}: cells[3] (\"throw new InvalidOperationException(\"boom\");\"): System.InvalidOperationException: boom",
            console);

        var executed = Fixture.Succeed(NotebookFile.Read(Path.Combine(output, "course", "01-passes.ipynb")));
        var printed = Assert.IsType<StreamOutput>(executed.Cells.Single(c => c.Source.StartsWith("Console", StringComparison.Ordinal)).Outputs[0]);
        Assert.Equal("epochs = 3\n", printed.Text);
        Assert.True(File.Exists(Path.Combine(output, "course", "02-fails.ipynb")));

        var index = File.ReadAllText(Path.Combine(output, "site", "index.html"));
        Assert.Contains("<a href=\"01-passes.html\">Passes</a> <span class=\"file\">01-passes</span></td><td class=\"passed\">passed</td>", index);
        Assert.Contains("<a href=\"02-fails.html\">Fails</a> <span class=\"file\">02-fails</span></td><td class=\"failed\">failed at cell 3</td>", index);
        Assert.True(File.Exists(Path.Combine(output, "site", "assets", "plotly-2.28.0.min.js")));
    }

    [Fact]
    public async Task WithAllowErrorsTheCellsAfterTheFailureRunAndTheRunStillFails()
    {
        using var temp = new Fixture.TempDirectory();
        var notebook = temp.File("fails.ipynb");
        Save(notebook, "# Fails", "var epochs = 1;", "throw new InvalidOperationException(\"boom\");", "Console.WriteLine(epochs + 1);");
        var output = temp.File("artifacts");

        var (exitCode, console) = await CommandLine.RunAsync("run", notebook, "--allow-errors", "--out", output, "--timeout", "120");

        Assert.True(exitCode == 1, console);
        Assert.Contains("failed at cell 2:", console);
        var executed = Fixture.Succeed(NotebookFile.Read(Path.Combine(output, "course", "fails.ipynb")));
        var after = executed.Cells[^1];
        Assert.Equal(3, after.ExecutionCount);
        Assert.Equal("2\n", Assert.IsType<StreamOutput>(Assert.Single(after.Outputs)).Text);
    }

    private static void Save(string path, string title, params string[] code)
    {
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown(title));
        foreach (var source in code)
        {
            notebook.AddCell(NotebookCell.Code(source));
        }

        notebook.Cells[1].AddTag(Parameters.ParametersTag);
        Assert.Null(IpynbWriter.WriteFile(notebook, path));
    }
}
