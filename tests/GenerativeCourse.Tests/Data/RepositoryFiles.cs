namespace GenerativeCourse.Tests.Data;

/// <summary>Finds files of the repository from the test's output folder (under artifacts/).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string DigitsFile => Path.Combine(Root, "data", GenerativeCourse.Data.MnistDigits.FileName);

    /// <summary>A temporary folder holding copies of the repository's compressed <paramref name="files"/> from <paramref name="folder"/>.</summary>
    public static TempFolder CopyOf(string folder, IEnumerable<GenerativeCourse.Data.MnistFile> files)
    {
        var copy = new TempFolder();
        foreach (var file in files)
        {
            File.Copy(Path.Combine(Root, folder, file.StoredName), copy.File(file.StoredName));
        }

        return copy;
    }

    /// <summary>The decompressed bytes of the gzip file at <paramref name="path"/>.</summary>
    public static byte[] Gunzip(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenerativeCourse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GenerativeCourse.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gc-data-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
