using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// A restore that did not produce assemblies: an unknown package or version, an unreachable source, a timeout, or no
/// <c>dotnet</c> to run. The message names the packages and quotes the relevant <c>NU####</c> lines of the restore output.
/// </summary>
public sealed class PackageRestoreException : Exception
{
    public PackageRestoreException()
        : this("restoring NuGet packages failed", [], [])
    {
    }

    public PackageRestoreException(string message)
        : this(message, [], [])
    {
    }

    public PackageRestoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Packages = [];
        OutputLines = [];
    }

    public PackageRestoreException(string message, IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> outputLines, Exception? innerException = null)
        : base(message, innerException)
    {
        Packages = packages;
        OutputLines = outputLines;
    }

    /// <summary>The packages that were being restored.</summary>
    public IReadOnlyList<PackageRequest> Packages { get; }

    /// <summary>The lines of the restore output that explain the failure (mostly <c>error NU1101: …</c>), already in <see cref="Exception.Message"/>.</summary>
    public IReadOnlyList<string> OutputLines { get; }
}
