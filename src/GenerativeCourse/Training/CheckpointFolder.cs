namespace GenerativeCourse.Training;

/// <summary>
/// The repository's <c>artifacts/checkpoints</c> folder, where <c>gencourse train</c> (run from the repository root) and
/// the chapters (<c>../artifacts/checkpoints</c> from <c>notebooks/</c>) keep their checkpoints. For code that is given
/// no folder: the course's reference digit classifier (<see cref="Evaluation.DigitClassifier.Reference"/>) behind every
/// FID-style score.
/// </summary>
public static class CheckpointFolder
{
    /// <summary>The file that marks the repository root.</summary>
    public const string RootMarker = "GenerativeCourse.sln";

    private static readonly Lazy<string> Found = new(() => Locate(
        Path.GetDirectoryName(typeof(CheckpointFolder).Assembly.Location), Environment.CurrentDirectory));

    /// <summary>
    /// <c>artifacts/checkpoints</c> under the first folder holding <see cref="RootMarker"/> above this library's own
    /// location (<c>artifacts/bin/GenerativeCourse/…</c>, the DLL every chapter, test and command loads), else above
    /// the current directory; else <c>artifacts/checkpoints</c> under the current directory. Resolved once per process.
    /// </summary>
    public static string Default => Found.Value;

    /// <summary>The rule of <see cref="Default"/>, from the given starting folders (null or empty ones are skipped).</summary>
    public static string Locate(params string?[] startFolders)
    {
        ArgumentNullException.ThrowIfNull(startFolders);
        foreach (var start in startFolders.Where(s => !string.IsNullOrEmpty(s)))
        {
            for (var directory = new DirectoryInfo(start!); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, RootMarker)))
                {
                    return Path.Combine(directory.FullName, "artifacts", "checkpoints");
                }
            }
        }

        return Path.GetFullPath(Path.Combine("artifacts", "checkpoints"));
    }
}
