using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Runs notebooks through the real worker process and reads their outputs back.</summary>
internal static class Run
{
    /// <summary>Runs a notebook and fails the test if it could not run at all (the cells may still fail).</summary>
    public static async Task<NotebookRunResult> NotebookAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await NotebookRunner.RunAsync(path, options ?? new NotebookRunOptions(), cancellationToken);
        Assert.True(result.Problems.Count == 0, result.ToString());
        Assert.NotNull(result.Notebook);
        return result;
    }

    /// <summary>Writes a C# notebook of these code cells into the folder and runs it.</summary>
    public static Task<NotebookRunResult> CellsAsync(Fixture.TempDirectory directory, NotebookRunOptions? options, params string[] cells) =>
        NotebookAsync(Write(directory, cells), options);

    public static string Write(Fixture.TempDirectory directory, params string[] cells)
    {
        var notebook = Notebook.CreateCSharp();
        foreach (var source in cells)
        {
            notebook.AddCell(NotebookCell.Code(source));
        }

        var path = directory.File("test.ipynb");
        Assert.Null(IpynbWriter.WriteFile(notebook, path));
        return path;
    }

    /// <summary>Each output of a cell in one line: <c>stdout: text</c>, <c>display: text/plain</c>, <c>error: ename: evalue</c>.</summary>
    public static IReadOnlyList<string> Describe(NotebookCell cell) => cell.Outputs.Select(Describe).ToList();

    public static string Describe(CellOutput output) => output switch
    {
        StreamOutput stream => $"{stream.Name}: {stream.Text}",
        DisplayDataOutput display => "display: " + (display.Data.TryGetText("text/plain", out var text) ? text : string.Join(",", display.Data.MimeTypes)),
        ErrorOutput error => $"error: {error.ErrorName}: {error.ErrorValue}",
        _ => output.OutputType,
    };

    public static NotebookCell Cell(NotebookRunResult result, string id) => result.Notebook!.Cells.Single(cell => cell.Id == id);

    public static string Text(CellOutput output, string mimeType)
    {
        var display = Assert.IsType<DisplayDataOutput>(output);
        Assert.True(display.Data.TryGetText(mimeType, out var text), $"no {mimeType} in {string.Join(", ", display.Data.MimeTypes)}");
        return text;
    }
}
