using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.Chapters;

/// <summary>
/// Runs one chapter in the <c>quick</c> profile, keeps the executed copy under <c>artifacts/test-results/</c> (CI uploads
/// it, so a failure can be read with its outputs), lists each cell's time in the test output, and fails with the
/// notebook, the cell index, its first line and the error.
/// </summary>
internal static class ChapterRun
{
    /// <returns>The executed notebook.</returns>
    public static async Task<Notebook> RunAndAssertAsync(string chapter, string resultsFolder, ITestOutputHelper output, NotebookRunOptions? kernel = null)
    {
        // Well under two minutes on two idle cores; the limits leave room for a busy CI machine and a cold package cache.
        var options = (kernel ?? new NotebookRunOptions()) with
        {
            Profile = "quick",
            CellTimeout = TimeSpan.FromMinutes(10),
            NotebookTimeout = TimeSpan.FromMinutes(20),
        };

        var result = await NotebookRunner.RunAsync(Path.Combine(CourseRepository.Notebooks, chapter), options);

        if (result.Notebook is not null)
        {
            var executed = Path.Combine(CourseRepository.Root, "artifacts", "test-results", resultsFolder, chapter);
            Directory.CreateDirectory(Path.GetDirectoryName(executed)!);
            Assert.Null(IpynbWriter.WriteFile(result.Notebook, executed));
        }

        output.WriteLine($"{chapter}: {result.Elapsed.TotalSeconds:F1} s, kernel start {result.WorkerStartup.TotalSeconds:F1} s");
        foreach (var cell in result.CellTimings)
        {
            output.WriteLine($"  cell {cell.CellIndex}: {cell.Timing.Duration.TotalSeconds:F2} s");
        }

        Assert.True(result.Succeeded, result.ToString());
        var errors = result.Notebook!.Cells.SelectMany(cell => cell.Outputs.OfType<ErrorOutput>()).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.ErrorName}: {e.ErrorValue}")));
        return result.Notebook;
    }
}
