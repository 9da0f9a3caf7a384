using System.CommandLine;
using GenerativeCourse.Benchmarks;
using GenerativeCourse.Catalog;
using Spectre.Console;
using Profile = GenerativeCourse.Catalog.Profile;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse bench [--models a,b] [--profile quick|default|full] [--out artifacts/bench] [--checkpoints dir] [--update-readme [--readme README.md]]</c>:
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
        var profile = new Option<string>("--profile")
        {
            Description = "Whose recipe budgets and evaluation: quick (minutes, not results), default (the chapters') or full (the README's table, up to an hour per model)",
            DefaultValueFactory = _ => Profile.Full.Name(),
        };
        profile.AcceptOnlyFromAmong([.. Profiles.Names]);
        var output = new Option<string>("--out") { Description = "Folder of bench.json and bench.md", DefaultValueFactory = _ => "artifacts/bench" };
        var checkpoints = new Option<string?>("--checkpoints") { Description = "Score models from the profile's checkpoints here (`gencourse train`, the chapters) when they have the recipe's epochs" };
        var updateReadme = new Option<bool>("--update-readme") { Description = "Replace the table between <!-- bench:start --> and <!-- bench:end --> in the README" };
        var readme = new Option<string>("--readme") { Description = "The README to update", DefaultValueFactory = _ => "README.md" };
        var command = new Command("bench", "Measure every model: training and sampling speed, memory, test quality, against the matmul peak.")
        {
            models, profile, output, checkpoints, updateReadme, readme,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => Bench(
            console,
            parse.GetValue(models) ?? [],
            Profiles.Parse(parse.GetValue(profile)!),
            parse.GetValue(output)!,
            parse.GetValue(checkpoints),
            parse.GetValue(updateReadme) ? parse.GetValue(readme)! : null,
            cancellation)));
        return command;
    }

    private static int Bench(IAnsiConsole console, string[] names, Profile profile, string folder, string? checkpoints, string? readme, CancellationToken cancellation)
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
        var settings = BenchSettings.For(profile) with { CheckpointFolder = checkpoints };
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
