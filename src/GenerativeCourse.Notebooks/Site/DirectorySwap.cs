namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// Replaces a folder with another one built next to it, by renames only: a reader sees the old folder or the
/// complete new one, never a half-written site. (Between the two renames the folder is briefly absent.)
/// </summary>
internal static class DirectorySwap
{
    /// <summary>A new empty folder beside <paramref name="target"/> to build the replacement in.</summary>
    public static string CreateStaging(string target)
    {
        var staging = Sibling(target, "tmp");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Moves <paramref name="staging"/> to <paramref name="target"/>, then deletes the folder it replaced.</summary>
    public static void Replace(string staging, string target)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Sibling(target, "old");
            Directory.Move(target, old);
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            if (old is not null)
            {
                Directory.Move(old, target);
            }

            throw;
        }

        if (old is not null)
        {
            DeleteQuietly(old);
        }
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden folder is harmless; the failure that led here matters more.
        }
    }

    // Same parent folder, so the rename stays within one file system.
    private static string Sibling(string target, string purpose)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full) ?? throw new IOException($"'{target}' is a root folder; the site needs a folder of its own.");
        return Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.{purpose}");
    }
}
