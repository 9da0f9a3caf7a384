using System.Runtime.InteropServices;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// The portable runtime identifier of this process (<c>linux-x64</c>, <c>linux-musl-arm64</c>, <c>osx-arm64</c>, <c>win-x64</c>).
/// Packages ship native files under portable RIDs; a distribution-specific one such as <c>debian.12-x64</c> would make
/// NuGet walk the RID graph, which .NET 8 and later no longer ship, and find nothing.
/// </summary>
public static class PortableRuntimeIdentifier
{
    public static string Current => Normalize(RuntimeInformation.RuntimeIdentifier);

    /// <summary>The portable form of a RID reported by the runtime: already portable ones are kept, others rebuilt from this OS and architecture.</summary>
    public static string Normalize(string runtimeIdentifier)
    {
        var dash = runtimeIdentifier.LastIndexOf('-');
        var os = dash < 0 ? runtimeIdentifier : runtimeIdentifier[..dash];
        if (os is "linux" or "linux-musl" or "linux-bionic" or "osx" or "win" or "freebsd" or "maccatalyst" or "ios" or "android")
        {
            return runtimeIdentifier;
        }

        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var portableOs =
            OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : runtimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase) || runtimeIdentifier.StartsWith("alpine", StringComparison.OrdinalIgnoreCase) ? "linux-musl"
            : "linux";
        return $"{portableOs}-{architecture}";
    }
}
