using System.Security.Cryptography;
using System.Text;

namespace GenerativeCourse.Runtime;

/// <summary>
/// A per-user cache of repaired copies of <c>libLibTorchSharp.so</c>, one folder per TorchSharp
/// version and libtorch location, so the repair is done once and not at every start.
/// </summary>
/// <remarks>
/// A cache folder holds the patched <c>libLibTorchSharp.so</c> and symbolic links to every libtorch
/// library: the wrapper finds its dependencies through <c>RUNPATH=$ORIGIN</c>, i.e. in its own folder.
/// A folder is built under a temporary name and renamed into place in one step, so a process never
/// sees a half-written entry, and two processes starting at once both end up with a complete one.
/// </remarks>
public sealed class PatchedLibraryCache
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>Creates a cache rooted at <paramref name="root"/> (created on first use).</summary>
    public PatchedLibraryCache(string root) => Root = Path.GetFullPath(root);

    /// <summary>The folder that holds one sub-folder per cached library.</summary>
    public string Root { get; }

    /// <summary>
    /// <c>$XDG_CACHE_HOME/generative-course/native</c>, or <c>~/.cache/generative-course/native</c>
    /// when <c>XDG_CACHE_HOME</c> is unset or not absolute (XDG Base Directory specification).
    /// </summary>
    public static string DefaultRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cacheHome = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "generative-course", "native");
    }

    /// <summary>One cached, ready-to-load copy.</summary>
    /// <param name="LibTorchSharp">Full path of the patched library inside the cache folder.</param>
    /// <param name="Reused">True when the entry was already there and valid; false when this call wrote it.</param>
    public sealed record Entry(string LibTorchSharp, bool Reused);

    /// <summary>
    /// The cached copy of <paramref name="files"/>'s wrapper with <paramref name="patched"/> bytes,
    /// writing it first if it is missing or stale.
    /// </summary>
    /// <exception cref="NativeLoadException">The cache folder cannot be written; the message names it.</exception>
    public Entry GetOrCreate(TorchSharpNativeFiles files, byte[] patched)
    {
        var folder = Path.Combine(Root, KeyOf(files, patched));
        if (IsComplete(folder, files, patched))
        {
            return new Entry(Path.Combine(folder, TorchSharpNativeFiles.LibTorchSharpFileName), Reused: true);
        }

        try
        {
            Directory.CreateDirectory(Root);
            RemoveAbandonedTemporaries();
            var temporary = Path.Combine(Root, $".tmp-{Guid.NewGuid():N}");
            Write(temporary, files, patched);
            Publish(temporary, folder, files, patched);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NativeLoadException(
                $"Could not write the repaired copy of {TorchSharpNativeFiles.LibTorchSharpFileName} (TorchSharp " +
                $"{files.TorchSharpVersion}) to the cache folder '{Root}': {e.Message} " +
                "Make that folder writable, or set XDG_CACHE_HOME to a writable folder.", e);
        }

        return new Entry(Path.Combine(folder, TorchSharpNativeFiles.LibTorchSharpFileName), Reused: false);
    }

    /// <summary>Folder name: version plus a hash of the patched bytes and of where libtorch lives.</summary>
    private static string KeyOf(TorchSharpNativeFiles files, byte[] patched)
    {
        var hash = SHA256.HashData([.. SHA256.HashData(patched), .. Encoding.UTF8.GetBytes(files.LibTorchDirectory)]);
        return $"torchsharp-{files.TorchSharpVersion}-{Convert.ToHexStringLower(hash)[..16]}";
    }

    private static void Write(string folder, TorchSharpNativeFiles files, byte[] patched)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, TorchSharpNativeFiles.LibTorchSharpFileName), patched);
        foreach (var library in LibTorchLibraries(files))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(library)), library);
        }
    }

    /// <summary>Moves the finished temporary folder into place; a valid entry written meanwhile by another process wins.</summary>
    private static void Publish(string temporary, string folder, TorchSharpNativeFiles files, byte[] patched)
    {
        if (Directory.Exists(folder))
        {
            if (IsComplete(folder, files, patched))
            {
                Directory.Delete(temporary, recursive: true);
                return;
            }

            // A stale entry (for example its links point to a NuGet folder that was cleared): move it aside first.
            var stale = folder + $".stale-{Guid.NewGuid():N}";
            Directory.Move(folder, stale);
            Directory.Delete(stale, recursive: true);
        }

        try
        {
            Directory.Move(temporary, folder);
        }
        catch (IOException) when (IsComplete(folder, files, patched))
        {
            Directory.Delete(temporary, recursive: true); // another process published the same entry first
        }
    }

    private static bool IsComplete(string folder, TorchSharpNativeFiles files, byte[] patched)
    {
        var library = Path.Combine(folder, TorchSharpNativeFiles.LibTorchSharpFileName);
        if (!File.Exists(library) || new FileInfo(library).Length != patched.Length)
        {
            return false;
        }

        return File.ReadAllBytes(library).AsSpan().SequenceEqual(patched)
            && LibTorchLibraries(files).All(l => File.Exists(Path.Combine(folder, Path.GetFileName(l))));
    }

    private static IEnumerable<string> LibTorchLibraries(TorchSharpNativeFiles files) =>
        Directory.EnumerateFiles(files.LibTorchDirectory)
            .Where(f => Path.GetFileName(f).Contains(".so", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != TorchSharpNativeFiles.LibTorchSharpFileName)
            .Order(StringComparer.Ordinal);

    /// <summary>Deletes temporary folders left by a process that died while writing.</summary>
    private void RemoveAbandonedTemporaries()
    {
        foreach (var leftover in Directory.EnumerateDirectories(Root, ".tmp-*")
                     .Concat(Directory.EnumerateDirectories(Root, "*.stale-*")))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(leftover) > AbandonedAfter)
            {
                try
                {
                    Directory.Delete(leftover, recursive: true);
                }
                catch (IOException)
                {
                    // Another process is removing it too; nothing is lost.
                }
            }
        }
    }
}
