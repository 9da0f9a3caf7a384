using GenerativeCourse.Notebooks.Execution.DotnetInteractive;
using GenerativeCourse.Notebooks.Tests.Chapters;

namespace GenerativeCourse.Notebooks.Tests.DotnetInteractive;

/// <summary>
/// The genuine .NET Interactive kernel for the tests: tool <see cref="DotnetInteractiveTool.Version"/>, installed once
/// into <c>artifacts/tools/dotnet-interactive/&lt;version&gt;</c> (git-ignored, like every build output), the first time
/// a test asks. <c>GENCOURSE_DOTNET_INTERACTIVE</c> names an installed executable instead.
/// </summary>
internal static class GenuineKernel
{
    private static readonly Lazy<(string? Executable, string? Problem)> _installed = new(Install);

    /// <summary>The kernel's executable, or null when it cannot be had here (see <see cref="SkipReason"/>).</summary>
    public static string? Executable => _installed.Value.Executable;

    /// <summary>Why the kernel is missing, for a skipped test; null when it is installed.</summary>
    public static string? SkipReason => _installed.Value.Problem is { } problem
        ? $"the genuine .NET Interactive kernel {DotnetInteractiveTool.Version} could not be installed: {problem}"
        : null;

    public static string ToolDirectory => Path.Combine(CourseRepository.Root, "artifacts", "tools", "dotnet-interactive", DotnetInteractiveTool.Version);

    private static (string?, string?) Install()
    {
        if (Environment.GetEnvironmentVariable("GENCOURSE_DOTNET_INTERACTIVE") is { Length: > 0 } named)
        {
            return File.Exists(named) ? (named, null) : (null, $"GENCOURSE_DOTNET_INTERACTIVE names {named}, which does not exist");
        }

        return DotnetInteractiveTool.EnsureInstalledAsync(ToolDirectory).GetAwaiter().GetResult();
    }
}

/// <summary>A theory that needs the genuine kernel: skipped, saying why, where it cannot be installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GenuineKernelTheoryAttribute : TheoryAttribute
{
    public GenuineKernelTheoryAttribute() => Skip = GenuineKernel.SkipReason;
}

/// <summary>A fact that needs the genuine kernel: skipped, saying why, where it cannot be installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GenuineKernelFactAttribute : FactAttribute
{
    public GenuineKernelFactAttribute() => Skip = GenuineKernel.SkipReason;
}
