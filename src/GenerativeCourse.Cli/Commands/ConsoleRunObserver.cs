using System.Globalization;
using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Runs;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// Prints a run as it happens: a heading per notebook and one line per code cell — its index, first source line and
/// seconds. The line is begun when the cell starts and finished when it ends (nothing else prints in between), so a
/// terminal shows which cell is running, and a CI log, where Spectre.Console writes no colours, reads as plain lines.
/// </summary>
internal sealed class ConsoleRunObserver(IAnsiConsole console) : ICourseRunObserver
{
    private const int FirstLineWidth = 60;

    public void NotebookStarting(string path, int number, int count) =>
        console.MarkupLine($"[bold]{number}/{count} {Markup.Escape(path)}[/]");

    public void CellProgress(CellProgress progress)
    {
        if (progress.Kind == CellProgressKind.Started)
        {
            console.Markup($"  cell {progress.CellIndex,3}  {Markup.Escape(Shorten(progress.FirstLine)),-FirstLineWidth}  ");
            return;
        }

        var seconds = progress.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(6);
        console.MarkupLine(progress.Succeeded == true ? $"{seconds} s  [green]ok[/]" : $"{seconds} s  [red]failed[/]");
    }

    public void NotebookFinished(NotebookOutcome outcome)
    {
        var seconds = outcome.Result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var line = RunReport.Status(outcome) switch
        {
            "passed" => $"  [green]passed[/] in {seconds} s",
            var status => $"  [red]{Markup.Escape(status)}[/] after {seconds} s: {Markup.Escape(RunReport.Detail(outcome))}",
        };
        console.MarkupLine(line);
    }

    private static string Shorten(string line) => line.Length <= FirstLineWidth ? line : line[..(FirstLineWidth - 1)] + "…";
}
