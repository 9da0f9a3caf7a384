using System.CommandLine;
using System.CommandLine.Parsing;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Execution.DotnetInteractive;
using GenerativeCourse.Notebooks.Runs;
using GenerativeCourse.Notebooks.Site;
using GenerativeCourse.Plots;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse run [paths…] [--profile quick|default|full] [-p name=value]… [--out artifacts] [--timeout s] [--notebook-timeout s]
/// [--allow-errors] [--kernel course|dotnet-interactive]</c>: runs notebooks headless with <see cref="CourseRun"/>, in the course's
/// own Roslyn worker or in the genuine .NET Interactive kernel (installed into <c>&lt;out&gt;/tools/</c> on first use), saving executed copies to <c>&lt;out&gt;/course/</c> and the HTML
/// site to <c>&lt;out&gt;/site/</c>. Exit code 0 when every notebook passed, 1 when one failed, 2 for bad usage or a
/// notebook that cannot be read.
/// </summary>
internal static class RunCommand
{
    private const string CourseKernel = "course";
    private const string DotnetInteractiveKernel = "dotnet-interactive";

    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb, .dib) or folders of notebooks (every *.ipynb in name order, a notebook after those its metadata gencourse.runsAfter names)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => ["notebooks"],
        };
        var profile = new Option<string>("--profile")
        {
            Description = "quick (as the tests run, about a minute per chapter), default (each notebook as written, what a learner runs) or full (the literature-grade budgets)",
            DefaultValueFactory = _ => Profiles.Default,
        };
        profile.AcceptOnlyFromAmong([.. Profiles.Names]);
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a variable of the parameters cell, after the profile: -p epochs=3 -p name=\"run 1\"",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder for the executed notebooks (course/) and the HTML site (site/)",
            DefaultValueFactory = _ => "artifacts",
        };
        var cellTimeout = SecondsOption("--timeout", "Stop a cell that runs longer than this many seconds (the notebook fails)");
        var notebookTimeout = SecondsOption("--notebook-timeout", "Stop a notebook that runs longer than this many seconds in all");
        var allowErrors = new Option<bool>("--allow-errors")
        {
            Description = "Go on after a failing cell, as nbclient's allow_errors and the genuine kernel do (the notebook still counts as failed)",
        };
        var kernel = new Option<string>("--kernel")
        {
            Description = $"course: the course's Roslyn runner; {DotnetInteractiveKernel}: the genuine .NET Interactive kernel " +
                          $"{DotnetInteractiveTool.Version}, as VS Code runs it (installed into <out>/tools/ the first time)",
            DefaultValueFactory = _ => CourseKernel,
        };
        kernel.AcceptOnlyFromAmong(CourseKernel, DotnetInteractiveKernel);

        var command = new Command("run", "Run notebooks headless; save the executed notebooks and an offline HTML site.")
        {
            paths, profile, parameters, output, cellTimeout, notebookTimeout, allowErrors, kernel,
        };
        command.SetAction((parse, cancellation) => RunAsync(console, new RunRequest(
            parse.GetValue(paths) ?? [],
            parse.GetValue(profile),
            parse.GetValue(parameters) ?? [],
            parse.GetValue(output) ?? "artifacts",
            parse.GetValue(cellTimeout),
            parse.GetValue(notebookTimeout),
            parse.GetValue(allowErrors),
            parse.GetValue(kernel) ?? CourseKernel), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, RunRequest request, CancellationToken cancellation)
    {
        var overrides = request.Parameters.Select(ParameterOverride.Parse).ToList();
        var notebooks = NotebookPaths.Expand(request.Paths);
        var usageProblems = overrides.SelectMany(o => o.Problems).Concat(notebooks.Problems).ToList();
        if (usageProblems.Count > 0)
        {
            return RunReport.BadUsage(console, usageProblems);
        }

        string? dotnetInteractive = null;
        if (request.Kernel == DotnetInteractiveKernel)
        {
            console.MarkupLineInterpolated($"[grey]genuine kernel: .NET Interactive {DotnetInteractiveTool.Version} (stdio, as VS Code runs it)[/]");
            var (executable, problem) = await DotnetInteractiveTool.EnsureInstalledAsync(
                Path.Combine(request.Output, "tools", "dotnet-interactive", DotnetInteractiveTool.Version), cancellation);
            if (executable is null)
            {
                console.MarkupLineInterpolated($"[red]{problem}[/]");
                return ExitCodes.BadUsage;
            }

            dotnetInteractive = Path.GetFullPath(executable);
        }

        var options = new CourseRunOptions
        {
            OutputDirectory = request.Output,
            Run = new NotebookRunOptions
            {
                Profile = request.Profile,
                Overrides = overrides.Select(o => o.Value!).ToList(),
                CellTimeout = request.CellTimeout,
                NotebookTimeout = request.NotebookTimeout,
                AllowErrors = request.AllowErrors,
                DotnetInteractivePath = dotnetInteractive,
            },
            Site = new SiteOptions { Plotly = new PlotlyScript(PlotlyHtml.PlotlyJsVersion, PlotlyHtml.PlotlyJsSource()) },
        };
        var result = await CourseRun.RunAsync(notebooks.Value!, options, new ConsoleRunObserver(console), cancellation);
        return RunReport.Summary(console, result, options);
    }

    private static Option<TimeSpan?> SecondsOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = argument => ParseSeconds(argument, name),
    };

    private static TimeSpan? ParseSeconds(ArgumentResult argument, string name)
    {
        var text = argument.Tokens.Count == 1 ? argument.Tokens[0].Value : "";
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) &&
            seconds > 0 && double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        argument.AddError($"{name} expects a positive number of seconds, not \"{text}\"");
        return null;
    }

    private sealed record RunRequest(string[] Paths, string? Profile, string[] Parameters, string Output,
        TimeSpan? CellTimeout, TimeSpan? NotebookTimeout, bool AllowErrors, string Kernel);
}
