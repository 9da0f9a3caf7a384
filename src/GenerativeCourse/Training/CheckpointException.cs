namespace GenerativeCourse.Training;

/// <summary>
/// A checkpoint file cannot be used: it is not a checkpoint, it is damaged (truncated, bytes changed), or it holds the
/// state of a different model or of the same model with other options. The message names the file, what was expected
/// and what was found, and how to get going again.
/// </summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
