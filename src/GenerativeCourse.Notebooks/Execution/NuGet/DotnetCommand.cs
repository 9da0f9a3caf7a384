using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Runs one <c>dotnet</c> command to completion with a time limit, collecting stdout and stderr together. The child
/// gets no MSBuild settings of ours: variables such as <c>MSBuildExtensionsPath</c> and <c>MSBUILD_EXE_PATH</c>, which a
/// parent <c>dotnet test</c> or <c>dotnet run</c> sets, are removed so the child finds its own SDK.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>Outcome of a finished command; <paramref name="TimedOut"/> means it was killed at the time limit.</summary>
    public sealed record Outcome(int ExitCode, string Output, bool TimedOut);

    /// <exception cref="Win32Exception">The executable cannot be started (not found, not executable).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the process tree was killed.</exception>
    public static async Task<Outcome> RunAsync(string dotnet, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedMsBuildSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new Outcome(-1, Text(output), TimedOut: true);
        }

        // The exit event can come before the last output lines; waiting without a token drains them.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return new Outcome(process.ExitCode, Text(output), TimedOut: false);
    }

    /// <summary>True for the MSBuild variables a parent <c>dotnet test</c> or <c>dotnet run</c> sets, which a child SDK must not inherit.</summary>
    public static bool IsInheritedMsBuildSetting(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.Equals("MSBUILD_EXE_PATH", StringComparison.OrdinalIgnoreCase);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
