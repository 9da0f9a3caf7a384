using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class NotebookCellTests
{
    [Fact]
    public void ConsecutiveWritesToOneStreamBecomeOneOutput()
    {
        var cell = NotebookCell.Code("for (var i = 0; i < 3; i++) Console.WriteLine(i);");

        cell.AppendStream(StreamOutput.StandardOutput, "0\n");
        cell.AppendStream(StreamOutput.StandardOutput, "1\n");
        cell.AppendStream(StreamOutput.StandardError, "warning\n");
        cell.AppendStream(StreamOutput.StandardOutput, "2\n");

        Assert.Equal(
            [("stdout", "0\n1\n"), ("stderr", "warning\n"), ("stdout", "2\n")],
            cell.Outputs.Cast<StreamOutput>().Select(output => (output.Name, output.Text)));
    }

    [Fact]
    public void TagsAreAddedOnce()
    {
        var cell = NotebookCell.Code("var epochs = 30;");

        cell.AddTag("parameters");
        cell.AddTag("parameters");

        Assert.Equal(["parameters"], cell.Tags);
        Assert.True(cell.HasTag("parameters"));
    }

    [Fact]
    public void TheFirstLineNamesTheCell()
    {
        Assert.Equal("var model = new Vae();", NotebookCell.Code("\n  \r\n  var model = new Vae();  \r\nmodel").FirstLine);
        Assert.Equal("", NotebookCell.Markdown("").FirstLine);
    }
}
