using System.Text;

namespace GenerativeCourse;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory, is flushed to disk,
/// and is then renamed over the target. A reader sees the old file or the new one, never half of one; if writing
/// fails, the target is untouched and the temporary file is removed.
/// </summary>
/// <remarks>
/// The temporary file must be in the target's directory: a rename is atomic only within one file system.
/// The new file gets default permissions, not those of the file it replaces.
/// <para>This one file is compiled into the course library and into the notebook runner (<c>src/Shared</c>), which
/// do not reference each other; it is internal to each.</para>
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    /// <summary>Writes through <paramref name="writeContent"/>; exceptions (from it or from the file system) propagate.</summary>
    public static void Write(string path, Action<Stream> writeContent)
    {
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)
            ?? throw new IOException($"'{path}' names a root directory, not a file.");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DeleteIfPresent(temporary);
            throw;
        }
    }

    private static void DeleteIfPresent(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more than a leftover temporary file.
        }
    }
}
