using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;
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
    public static TheoryData<string> Chapters() => [.. CourseRepository.Chapters];

    /// <summary>
    /// The catalogue models whose numbers a chapter reports, for the chapters that build them from their recipes
    /// (<c>Catalog/Recipes.cs</c>): the run must say that it loaded or trained each one from its recipe.
    /// </summary>
    private static readonly Dictionary<string, string[]> RecipeModels = new()
    {
        ["01-probability-and-chain-rule.ipynb"] = ["fvsbn"],
        ["02-nade-and-made.ipynb"] = ["nade", "made", "fvsbn"],
        ["03-vae.ipynb"] = ["vae", "fvsbn", "nade"],
        ["04-gan.ipynb"] = ["dcgan", "cgan"],
        ["05-normalizing-flows.ipynb"] = ["realnvp"],
        ["06-evaluating-generative-models.ipynb"] = ["fvsbn", "nade", "vae", "dcgan", "cgan", "realnvp"],
        ["07-energy-based-models-rbm.ipynb"] = ["rbm", "fvsbn", "nade"],
        ["08-pixelcnn.ipynb"] = ["pixelcnn", "fvsbn", "nade", "made"],
        ["09-diffusion.ipynb"] = ["ddpm"],
    };

    [Theory]
    [MemberData(nameof(Chapters))]
    public async Task ChapterRunsToTheEndInTheQuickProfile(string chapter)
    {
        var notebook = await ChapterRun.RunAndAssertAsync(chapter, "notebooks", output);

        var printed = string.Concat(notebook.Cells.SelectMany(cell => cell.Outputs.OfType<StreamOutput>()).Select(stream => stream.Text));
        foreach (var model in RecipeModels.GetValueOrDefault(chapter, []))
        {
            Assert.Matches($@"(Trained|Loaded) {model} \(quick profile\)|{model}: (trained here|checkpoint )", printed);
        }
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

    private static string NotebooksDirectory => CourseRepository.Notebooks;
}
