using System.Collections;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Execution.DotnetInteractive;

/// <summary>
/// The genuine .NET Interactive kernel, the program behind VS Code's Polyglot Notebooks: the .NET tool
/// <c>Microsoft.dotnet-interactive</c> 1.0.712001, the last release before Microsoft archived the project (April 2026).
/// Installed into a folder of the caller's (<c>dotnet tool install --tool-path</c>), never globally, and started in its
/// <c>stdio</c> mode, the protocol VS Code speaks (<see cref="DotnetInteractiveProtocol"/>).
/// </summary>
public static class DotnetInteractiveTool
{
    public const string PackageId = "Microsoft.dotnet-interactive";
    public const string Version = "1.0.712001";

    private static readonly TimeSpan _installTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The executable that <c>--tool-path <paramref name="toolDirectory"/></c> installs.</summary>
    public static string ExecutableIn(string toolDirectory) =>
        Path.Combine(toolDirectory, OperatingSystem.IsWindows() ? "dotnet-interactive.exe" : "dotnet-interactive");

    /// <summary>
    /// The kernel's executable in <paramref name="toolDirectory"/>, installed there first when it is missing. The install
    /// goes to a sibling folder that is renamed into place, so an interrupted install never leaves a half tool behind.
    /// </summary>
    /// <returns>The executable, or why it could not be installed (with the end of <c>dotnet tool install</c>'s output).</returns>
    public static async Task<(string? Executable, string? Problem)> EnsureInstalledAsync(string toolDirectory, CancellationToken cancellationToken = default)
    {
        var executable = ExecutableIn(toolDirectory);
        if (File.Exists(executable))
        {
            return (executable, null);
        }

        var staging = $"{toolDirectory.TrimEnd(Path.DirectorySeparatorChar)}.installing-{Environment.ProcessId}";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(staging))!);
        var outcome = await DotnetCommand.RunAsync(DotnetHost.Locate(),
            ["tool", "install", PackageId, "--version", Version, "--tool-path", staging],
            Path.GetTempPath(), _installTimeout, cancellationToken);
        if (outcome.ExitCode != 0 || !File.Exists(ExecutableIn(staging)))
        {
            var tail = string.Join('\n', outcome.Output.TrimEnd().Split('\n').TakeLast(5));
            Directory.Delete(staging, recursive: true);
            var why = outcome.TimedOut ? $"timed out after {_installTimeout.TotalMinutes} min" : $"exit code {outcome.ExitCode}";
            return (null, $"'dotnet tool install {PackageId} --version {Version}' failed ({why}): {tail}");
        }

        try
        {
            Directory.Move(staging, toolDirectory);
        }
        catch (IOException) when (File.Exists(executable))
        {
            // Another process installed it meanwhile; theirs is as good.
            Directory.Delete(staging, recursive: true);
        }

        return (executable, null);
    }

    /// <summary>
    /// Starts the kernel in <paramref name="workingDirectory"/> with C# as its default language, without telemetry and
    /// without the MSBuild settings of a parent <c>dotnet test</c> (its <c>#r "nuget: …"</c> restores run an SDK of their own).
    /// </summary>
    internal static WorkerProcess Start(string executable, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (DictionaryEntry inherited in Environment.GetEnvironmentVariables())
        {
            if (inherited.Key is string name && DotnetCommand.IsInheritedMsBuildSetting(name))
            {
                variables[name] = null;
            }
        }

        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return WorkerProcess.Start(executable, ["stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory],
            workingDirectory, variables, new DotnetInteractiveProtocol());
    }
}
