using System.CommandLine;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// The <c>gencourse</c> command tree and its invocation: parse errors (unknown option, bad value) are reported by
/// System.CommandLine and exit with <see cref="ExitCodes.BadUsage"/>, as do problems a command finds in its input.
/// </summary>
internal static class CommandLineApp
{
    public static RootCommand CreateRoot(IAnsiConsole console) =>
        new("GenerativeCourse: a C# course on generative models (TorchSharp).")
        {
            DoctorCommand.Create(),
            RunCommand.Create(console),
            ExportCommand.Create(console),
            TrainCommand.Create(console),
            BenchCommand.Create(console),
        };

    /// <summary>Parses and runs <paramref name="args"/>; <paramref name="configuration"/> redirects System.CommandLine's own output (help, parse errors).</summary>
    public static async Task<int> InvokeAsync(string[] args, IAnsiConsole console, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parsed = CreateRoot(console).Parse(args);
        var exitCode = await parsed.InvokeAsync(configuration, cancellationToken);
        return parsed.Errors.Count > 0 ? ExitCodes.BadUsage : exitCode;
    }
}
