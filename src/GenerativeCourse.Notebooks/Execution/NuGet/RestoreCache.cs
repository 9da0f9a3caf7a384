using System.Text.Json;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Restore results on disk, one JSON file per <see cref="RestoreCacheKey"/>. Files are replaced atomically, so a run
/// that stops halfway leaves the old entry or none. An entry naming a file that no longer exists (the NuGet folder was
/// cleaned) counts as missing and is redone.
/// </summary>
internal sealed class RestoreCache(string root)
{
    private static readonly JsonSerializerOptions _json = new() { WriteIndented = true };

    public string PathOf(string key) => Path.Combine(root, key + ".json");

    /// <summary>The stored result (with <c>FromCache</c> true and zero time), or null when missing, unreadable or stale.</summary>
    public RestoreResult? TryRead(string key)
    {
        Entry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(PathOf(key)), _json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }

        if (entry is null
            || entry.FormatVersion != RestoreCacheKey.FormatVersion
            || entry.Packages is null || entry.RuntimeAssemblies is null || entry.NativeLibraries is null
            || !entry.RuntimeAssemblies.Concat(entry.NativeLibraries).All(File.Exists))
        {
            return null;
        }

        return new RestoreResult(entry.Packages, entry.RuntimeAssemblies, entry.NativeLibraries, FromCache: true, TimeSpan.Zero);
    }

    public void Write(string key, RestoreResult result)
    {
        Directory.CreateDirectory(root);
        var entry = new Entry(RestoreCacheKey.FormatVersion, [.. result.Packages], [.. result.RuntimeAssemblies], [.. result.NativeLibraries]);
        AtomicFile.WriteAllBytes(PathOf(key), JsonSerializer.SerializeToUtf8Bytes(entry, _json));
    }

    private sealed record Entry(int FormatVersion, List<RestoredPackage>? Packages, List<string>? RuntimeAssemblies, List<string>? NativeLibraries);
}
