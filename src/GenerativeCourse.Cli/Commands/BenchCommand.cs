using System.CommandLine;
using GenerativeCourse.Benchmarks;
using GenerativeCourse.Catalog;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse bench [--models a,b] [--quick] [--out artifacts/bench] [--checkpoints dir] [--update-readme [--readme README.md]]</c>:
/// runs <see cref="CourseBenchmark"/>, writes <c>bench.json</c> and <c>bench.md</c>, prints the table, and with
/// <c>--update-readme</c> puts it between the README's bench markers (<see cref="ReadmeTable"/>).
/// Exit codes: 0 measured; 2 unknown model or README without markers; 130 stopped by Ctrl+C.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var models = new Option<string[]>("--models")
        {
            Description = $"Models to measure, separated by commas or spaces (default all: {string.Join(", ", ModelCatalog.Names)})",
            AllowMultipleArgumentsPerToken = true,
        };
        var quick = new Option<bool>("--quick") { Description = "Small epochs and evaluations: under 5 minutes on 2 cores" };
        var output = new Option<string>("--out") { Description = "Folder of bench.json and bench.md", DefaultValueFactory = _ => "artifacts/bench" };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "Score models from `gencourse train` checkpoints here when they reach the default epochs (full profile only)" };
        var updateReadme = new Option<bool>("--update-readme") { Description = "Replace the table between <!-- bench:start --> and <!-- bench:end --> in the README" };
        var readme = new Option<string>("--readme") { Description = "The README to update", DefaultValueFactory = _ => "README.md" };
        var command = new Command("bench", "Measure every model: training and sampling speed, memory, test quality, against the matmul peak.")
        {
            models, quick, output, checkpoints, updateReadme, readme,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => Bench(
            console,
            parse.GetValue(models) ?? [],
            parse.GetValue(quick),
            parse.GetValue(output)!,
            parse.GetValue(checkpoints),
            parse.GetValue(updateReadme) ? parse.GetValue(readme)! : null,
            cancellation)));
        return command;
    }

    private static int Bench(IAnsiConsole console, string[] names, bool quick, string folder, string? checkpoints, string? readme, CancellationToken cancellation)
    {
        var requested = names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        var unknown = requested.Where(n => ModelCatalog.Find(n) is null).ToArray();
        if (unknown.Length > 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ModelCatalog.UnknownModelMessage(unknown[0]))}");
            return ExitCodes.BadUsage;
        }

        if (readme is not null && ReadmeProblem(readme) is { } problem)
        {
            // Checked before measuring: a full run takes half an hour.
            console.MarkupLine($"[red]error:[/] {Markup.Escape(readme)}: {Markup.Escape(problem)}");
            return ExitCodes.BadUsage;
        }

        var entries = requested.Length == 0 ? ModelCatalog.All : requested.Select(ModelCatalog.Get).Distinct().ToArray();
        var settings = (quick ? BenchSettings.Quick : BenchSettings.Full) with { CheckpointFolder = checkpoints };
        Course.Setup();
        BenchReport report;
        try
        {
            report = CourseBenchmark.Run(entries, settings, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            console.MarkupLine("Stopped; nothing was written.");
            return ExitCodes.Cancelled;
        }

        var (json, markdown) = report.Write(folder);
        console.WriteLine();
        console.WriteLine(report.ToMarkdown());
        console.MarkupLine(Markup.Escape($"Wrote {json} and {markdown}."));
        if (readme is not null)
        {
            try
            {
                ReadmeTable.Update(readme, report.ToMarkdown());
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(readme)}: {Markup.Escape(e.Message)}");
                return ExitCodes.BadUsage;
            }

            console.MarkupLine(Markup.Escape($"Updated the benchmark table in {readme}."));
        }

        return ExitCodes.Success;
    }

    private static string? ReadmeProblem(string readme)
    {
        if (!File.Exists(readme))
        {
            return "no such README to update.";
        }

        try
        {
            ReadmeTable.Replace(File.ReadAllText(readme), "");
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}
