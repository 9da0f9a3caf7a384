using System.Text;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class IpynbRoundTripTests
{
    // The fixtures are written by Python's json module exactly as Jupyter writes notebooks (see Fixtures/README.md),
    // so equality here means our layout is Jupyter's, not merely self-consistent.
    [Theory]
    [InlineData("polyglot-clean.ipynb")]
    [InlineData("polyglot-executed.ipynb")]
    public void WritingWhatWasReadGivesBackTheSameBytes(string fixture)
    {
        var notebook = Fixture.Read(fixture);

        Assert.Equal(Fixture.Text(fixture), IpynbWriter.Serialize(notebook));
        Assert.Equal(Fixture.Bytes(fixture), IpynbWriter.SerializeToUtf8Bytes(notebook));
    }

    [Theory]
    [InlineData("polyglot-clean.ipynb")]
    [InlineData("polyglot-executed.ipynb")]
    public void SavingToDiskAndReadingAgainIsByteIdentical(string fixture)
    {
        using var directory = new Fixture.TempDirectory();
        var path = directory.File(fixture);

        Assert.Null(IpynbWriter.WriteFile(Fixture.Read(fixture), path));
        Assert.Equal(Fixture.Bytes(fixture), File.ReadAllBytes(path));

        Assert.Null(IpynbWriter.WriteFile(Fixture.Succeed(IpynbReader.ReadFile(path)), path));
        Assert.Equal(Fixture.Bytes(fixture), File.ReadAllBytes(path));
    }

    [Fact]
    public void AFileInAnotherLayoutIsNormalizedOnceAndThenStable()
    {
        var original = Fixture.Text("polyglot-legacy.ipynb");

        var first = IpynbWriter.Serialize(Fixture.Read("polyglot-legacy.ipynb"));
        var second = IpynbWriter.Serialize(Fixture.Parse(first));

        Assert.NotEqual(original, first);
        Assert.Equal(first, second);
        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n", first, StringComparison.Ordinal);
        Assert.Contains("   \"source\": [\n    \"var x = 1;\\r\\n\",\n    \"x + 1\\r\\n\"\n   ]", first, StringComparison.Ordinal);
        Assert.Contains("\"text/plain\": [\n       \"2\"\n      ]", first, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameNotebookAlwaysSerializesToTheSameBytes()
    {
        Notebook Build()
        {
            var notebook = Notebook.CreateCSharp();
            notebook.AddCell(NotebookCell.Markdown("# Title"));
            var code = NotebookCell.Code("Console.WriteLine(1);\n1 + 1");
            code.ExecutionCount = 1;
            code.Outputs.Add(StreamOutput.Stdout("1\n"));
            code.Outputs.Add(new ExecuteResultOutput(1, MimeBundle.PlainText("2").SetText("text/html", "<b>2</b>")));
            code.Timing = new ExecutionTiming(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 5, 10, 0, 1, TimeSpan.Zero));
            notebook.AddCell(code);
            return notebook;
        }

        var first = IpynbWriter.SerializeToUtf8Bytes(Build());

        Assert.Equal(first, IpynbWriter.SerializeToUtf8Bytes(Build()));
        Assert.Equal(first, IpynbWriter.SerializeToUtf8Bytes(Fixture.Parse(Encoding.UTF8.GetString(first))));
    }

    [Fact]
    public void EditsSurviveAWriteAndARead()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        var train = notebook.Cells[3];
        train.Source = "var model = 1;\nmodel";
        train.ExecutionCount = 7;
        train.Outputs.Add(new ErrorOutput("CompilationError", "(1,1): error CS0103", ["(1,1): error CS0103: The name 'x' does not exist"]));

        var reread = Fixture.Parse(IpynbWriter.Serialize(notebook)).Cells[3];

        Assert.Equal("var model = 1;\nmodel", reread.Source);
        Assert.Equal(7, reread.ExecutionCount);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(reread.Outputs));
        Assert.Equal("CompilationError", error.ErrorName);
        Assert.Equal(["(1,1): error CS0103: The name 'x' does not exist"], error.Traceback);
    }
}
