using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Site;

namespace GenerativeCourse.Notebooks.Tests.Site;

/// <summary>Small executed notebooks for the site tests.</summary>
internal static class SiteSamples
{
    public static SitePage Passed(string name, string title)
    {
        var notebook = Notebook.CreateCSharp();
        notebook.AddCell(NotebookCell.Markdown($"# {title}\n\nThe density is $p(x_{{i}}) * q$."));
        var code = NotebookCell.Code("var x = 1 < 2;\nx");
        code.ExecutionCount = 1;
        code.Outputs.Add(new ExecuteResultOutput(1, MimeBundle.PlainText("True")));
        notebook.AddCell(code);
        return new SitePage(name, notebook) { Duration = TimeSpan.FromSeconds(12.34) };
    }

    public static SitePage Failed(string name, string title, int cellIndex)
    {
        var page = Passed(name, title);
        var failing = NotebookCell.Code("throw new InvalidOperationException(\"boom\");");
        failing.ExecutionCount = 2;
        failing.Outputs.Add(new ErrorOutput("InvalidOperationException", "boom", []));
        page.Notebook.AddCell(failing);
        return page with { Failure = new SiteFailure(cellIndex, "InvalidOperationException: boom"), Duration = TimeSpan.FromSeconds(3) };
    }
}
