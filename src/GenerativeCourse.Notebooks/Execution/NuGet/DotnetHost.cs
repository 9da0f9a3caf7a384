namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Finds the <c>dotnet</c> executable to run restores with: the one running us, so the restore uses the same SDK and
/// NuGet configuration as the build that made the runner.
/// </summary>
public static class DotnetHost
{
    /// <summary>
    /// <c>DOTNET_HOST_PATH</c> (set by the SDK for the processes it starts, tests included), else this process when it
    /// is <c>dotnet</c>, else the first <c>dotnet</c> on <c>PATH</c>, else the bare name <c>dotnet</c> (starting it then fails with a clear message).
    /// </summary>
    public static string Locate()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrWhiteSpace(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && IsDotnet(processPath))
        {
            return processPath;
        }

        return FindOnPath() ?? ExecutableName;
    }

    private static string ExecutableName => OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    private static bool IsDotnet(string path) =>
        string.Equals(Path.GetFileName(path), ExecutableName, StringComparison.OrdinalIgnoreCase);

    private static string? FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, ExecutableName))
            .FirstOrDefault(File.Exists);
}
