using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.Chapters;

/// <summary>Serial: each chapter trains models, and timing them against the rest of the suite helps nobody.</summary>
[CollectionDefinition("Chapters", DisableParallelization = true)]
public sealed class ChaptersCollection
{
}

/// <summary>
/// The course's own notebooks (<c>notebooks/*.ipynb</c>): one test case per chapter that runs it headless in the
/// <c>quick</c> profile (DESIGN §4), and the conventions every chapter shares. The library must be built first
/// (<c>dotnet build</c>), because each notebook references <c>artifacts/bin/GenerativeCourse/debug/GenerativeCourse.dll</c>.
/// The executed copies are kept in <c>artifacts/test-results/notebooks/</c> (CI uploads them), so a failure can be read
/// with its outputs; the test output lists each cell's time.
/// </summary>
[Collection("Chapters")]
public sealed class ChapterNotebooksTests(ITestOutputHelper output)
{
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task ChapterRunsToTheEndInTheQuickProfile(string chapter)
    {
        // Well under two minutes on two idle cores; the limits leave room for a busy CI machine and a cold package cache.
        var options = new NotebookRunOptions { Profile = "quick", CellTimeout = TimeSpan.FromMinutes(10), NotebookTimeout = TimeSpan.FromMinutes(20) };

        var result = await NotebookRunner.RunAsync(Path.Combine(NotebooksDirectory, chapter), options);

        if (result.Notebook is not null)
        {
            var executed = Path.Combine(NotebooksDirectory, "..", "artifacts", "test-results", "notebooks", chapter);
            Directory.CreateDirectory(Path.GetDirectoryName(executed)!);
            Assert.Null(IpynbWriter.WriteFile(result.Notebook, executed));
        }

        output.WriteLine($"{chapter}: {result.Elapsed.TotalSeconds:F1} s, worker start {result.WorkerStartup.TotalSeconds:F1} s");
        foreach (var cell in result.CellTimings)
        {
            output.WriteLine($"  cell {cell.CellIndex}: {cell.Timing.Duration.TotalSeconds:F2} s");
        }

        Assert.True(result.Succeeded, result.ToString());
        var errors = result.Notebook!.Cells.SelectMany(cell => cell.Outputs.OfType<ErrorOutput>()).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.ErrorName}: {e.ErrorValue}")));
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void ChapterIsCommittedCleanWithTheSharedFirstCellAndAQuickProfile(string chapter)
    {
        var notebook = Fixture.Succeed(NotebookFile.Read(Path.Combine(NotebooksDirectory, chapter)));
        var reference = Fixture.Succeed(NotebookFile.Read(Directory.GetFiles(NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal).First()));

        Assert.True(notebook.IsClean, string.Join(Environment.NewLine, notebook.UncleanParts));
        Assert.Equal(FirstCode(reference).Source, FirstCode(notebook).Source);
        Assert.Contains("Course.Setup(", FirstCode(notebook).Source, StringComparison.Ordinal);
        var parameters = Assert.Single(notebook.Cells, cell => cell.HasTag("parameters"));
        var profiles = parameters.Metadata[CourseMetadata.Key]?[CourseMetadata.ProfilesKey] as JsonObject;
        Assert.True(profiles?["quick"] is JsonObject, $"{chapter}: the parameters cell has no quick profile");
        Assert.All(notebook.Cells.Where(cell => cell.Kind == CellKind.Code), cell =>
            Assert.True(cell.Source.Split('\n').Length <= 25, $"{chapter}: cell {cell.Id} has more than 25 lines"));
    }

    private static NotebookCell FirstCode(Notebook notebook) => notebook.Cells.First(cell => cell.Kind == CellKind.Code);

    private static string NotebooksDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "GenerativeCourse.sln")))
                {
                    return Path.Combine(directory.FullName, "notebooks");
                }
            }

            throw new InvalidOperationException($"No GenerativeCourse.sln above {AppContext.BaseDirectory}: cannot find the notebooks.");
        }
    }
}
