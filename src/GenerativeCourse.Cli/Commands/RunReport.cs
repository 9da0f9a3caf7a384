using System.Globalization;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Runs;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// The end of <c>gencourse run</c>: a table (notebook, status, cells, seconds), then every failure with its notebook,
/// cell index, first line and error, where the products are, and the exit code.
/// </summary>
internal static class RunReport
{
    /// <summary>Prints problems with the request or its notebooks (nothing ran) and returns <see cref="ExitCodes.BadUsage"/>.</summary>
    public static int BadUsage(IAnsiConsole console, IEnumerable<NotebookProblem> problems)
    {
        foreach (var problem in problems)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(problem.ToString())}");
        }

        return ExitCodes.BadUsage;
    }

    public static int Summary(IAnsiConsole console, CourseRunResult result, CourseRunOptions options)
    {
        if (result.Problems.Count > 0)
        {
            return BadUsage(console, result.Problems);
        }

        var table = new Table()
            .Border(console.Profile.Capabilities.Ansi ? TableBorder.Rounded : TableBorder.Ascii)
            .AddColumn("notebook")
            .AddColumn("status")
            .AddColumn(new TableColumn("cells").RightAligned())
            .AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var outcome in result.Outcomes)
        {
            var status = Status(outcome);
            table.AddRow(
                Markup.Escape(outcome.Path),
                status == "passed" ? "[green]passed[/]" : $"[red]{Markup.Escape(status)}[/]",
                outcome.CellsRun.ToString(CultureInfo.InvariantCulture),
                outcome.Result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        }

        console.WriteLine();
        console.Write(table);
        foreach (var outcome in result.Outcomes.Where(o => Status(o) != "passed"))
        {
            console.MarkupLine($"[red]{Markup.Escape(Status(outcome))}:[/] {Markup.Escape(Detail(outcome))}");
        }

        if (result.SiteProblem is { } siteProblem)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(siteProblem.ToString())}");
        }

        console.MarkupLine($"Executed notebooks: {Markup.Escape(options.CourseDirectory)}");
        if (result.Site is { } site)
        {
            console.MarkupLine($"HTML site: {Markup.Escape(site.IndexPath)}");
        }

        return ExitCode(result);
    }

    /// <summary>0 when everything passed; 2 when a notebook could not run at all; otherwise 1.</summary>
    public static int ExitCode(CourseRunResult result) =>
        result.Problems.Count > 0 || result.Outcomes.Any(o => o.DidNotRun) ? ExitCodes.BadUsage
        : result.Succeeded ? ExitCodes.Success
        : ExitCodes.Failed;

    /// <summary>"passed", "failed at cell 4", "did not run" or "not saved".</summary>
    public static string Status(NotebookOutcome outcome) =>
        outcome.DidNotRun ? "did not run"
        : outcome.Result.Failure is { } failure ? $"failed at cell {failure.CellIndex}"
        : outcome.WriteProblem is not null ? "not saved"
        : "passed";

    /// <summary>What went wrong, naming the notebook (and the cell, its first line and the error when a cell failed).</summary>
    public static string Detail(NotebookOutcome outcome) =>
        outcome.DidNotRun ? string.Join("; ", outcome.Result.Problems)
        : outcome.Result.Failure is { } failure ? failure.ToString()
        : outcome.WriteProblem?.ToString() ?? "";
}
