using System.CommandLine;
using GenerativeCourse.Cli.Commands;
using Spectre.Console;

namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary>Runs <c>gencourse</c> in-process with its console and System.CommandLine's output captured.</summary>
internal static class CommandLine
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs with a cancellation token, as Ctrl+C would cancel it.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken cancellation, params string[] args)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 200;
        var exitCode = await CommandLineApp.InvokeAsync(args, console, new InvocationConfiguration { Output = text, Error = text }, cancellation);
        return (exitCode, text.ToString());
    }
}
