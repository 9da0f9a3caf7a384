using System.Diagnostics.CodeAnalysis;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>Reads a notebook by its extension: <c>.ipynb</c> with <see cref="IpynbReader"/>, <c>.dib</c> with <see cref="DibReader"/>.</summary>
public static class NotebookFile
{
    public static DocumentResult<Notebook> Read(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".ipynb" => IpynbReader.ReadFile(path),
        ".dib" => DibReader.ReadFile(path),
        var other => DocumentResult<Notebook>.Failure(NotebookProblem.InFile(
            path, $"is not a notebook: expected a .ipynb or .dib file, found \"{other}\"")),
    };

    /// <summary>The file's bytes, or the reason they cannot be read (missing file, no permission, a directory).</summary>
    internal static bool TryReadAllBytes(string path, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out NotebookProblem? problem)
    {
        try
        {
            bytes = File.ReadAllBytes(path);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            bytes = null;
            problem = NotebookProblem.InFile(path, $"cannot read the notebook: {e.Message}");
            return false;
        }
    }
}
