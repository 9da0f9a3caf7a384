using System.Runtime.InteropServices;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>Where the worker and the <c>dotnet</c> host that starts it are.</summary>
internal static class WorkerLocation
{
    public const string WorkerFileName = "gencourse-worker.dll";

    /// <summary>The worker beside the running application (a project reference to the worker project puts it there).</summary>
    public static string DefaultWorkerPath => Path.Combine(AppContext.BaseDirectory, WorkerFileName);

    /// <summary>
    /// The <c>dotnet</c> executable of the running runtime: this process itself when it is <c>dotnet</c>, else the
    /// one three folders above the shared framework (<c>dotnet/shared/Microsoft.NETCore.App/10.0.x/</c>), so the worker
    /// runs on the runtime the runner runs on; else what <see cref="NuGet.DotnetHost.Locate"/> finds.
    /// </summary>
    public static string DotnetExecutable()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == executable)
        {
            return self;
        }

        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory)));
        if (root is not null && File.Exists(Path.Combine(root, executable)))
        {
            return Path.Combine(root, executable);
        }

        return NuGet.DotnetHost.Locate();
    }
}
