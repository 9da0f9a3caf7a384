using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace GenerativeCourse.Data;

/// <summary>
/// Opens the gzip-compressed IDX files of one data set (<see cref="MnistFile"/>), embedded in this library or in a folder,
/// decompresses them and checks each against its publisher's length and SHA-256. Every failure becomes a
/// <see cref="DataFileException"/> that names the file, says what was expected and what was found, and how to repair it.
/// Shared by <see cref="Mnist"/> and <see cref="FashionMnist"/>.
/// </summary>
/// <param name="DataName">The data set's name, the start of every message: "MNIST", "Fashion-MNIST".</param>
/// <param name="Publisher">Whose originals the checksums identify: "LeCun's", "Zalando Research's".</param>
/// <param name="Folder">The repository folder of the compressed copies, e.g. <c>data/mnist</c>.</param>
/// <param name="RepairAdvice">The sentences that end every message: how to restore or regenerate the files.</param>
internal sealed record CompressedIdxFiles(string DataName, string Publisher, string Folder, string RepairAdvice)
{
    /// <summary>The embedded copy of <paramref name="file"/>, decompressed and verified, and a description of where it came from.</summary>
    public (byte[] Bytes, string Source) Embedded(Assembly assembly, MnistFile file)
    {
        var source = $"embedded resource '{file.ResourceName}' of assembly {assembly.GetName().Name}";
        using var stream = assembly.GetManifestResourceStream(file.ResourceName) ?? throw new DataFileException(
            $"The {DataName} {source} is missing: the build embeds {Folder}/{file.StoredName} only when it exists. {RepairAdvice}");
        return (Verified(Gunzip(stream, file, source), source, file), source);
    }

    /// <summary>
    /// <paramref name="file"/> read from <paramref name="folder"/>, as <c>&lt;name&gt;.gz</c> or else uncompressed under its
    /// canonical name, verified; and a description of where it came from.
    /// </summary>
    public (byte[] Bytes, string Source) InFolder(string folder, MnistFile file)
    {
        var compressed = Path.Combine(folder, file.StoredName);
        var plain = Path.Combine(folder, file.Name);
        try
        {
            if (File.Exists(compressed))
            {
                var source = $"file '{compressed}'";
                using var stream = File.OpenRead(compressed);
                return (Verified(Gunzip(stream, file, source), source, file), source);
            }

            return (Verified(File.ReadAllBytes(plain), $"file '{plain}'", file), $"file '{plain}'");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException($"The {DataName} file {file.Name} is missing: expected '{compressed}' (gzip) or '{plain}', found neither. {RepairAdvice}", e);
        }
        catch (Exception e) when (e is (IOException and not DataFileException) or UnauthorizedAccessException)
        {
            throw new DataFileException($"The {DataName} file {file.Name} in '{folder}' cannot be read: {e.Message} {RepairAdvice}", e);
        }
    }

    private byte[] Verified(byte[] bytes, string source, MnistFile file)
    {
        var found = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length != file.Length || found != file.Sha256)
        {
            throw new DataFileException(
                $"The {DataName} {source} is not {Publisher} {file.Name}: expected {file.Length:N0} bytes with SHA-256 {file.Sha256}, " +
                $"found {bytes.Length:N0} bytes with SHA-256 {found}. {RepairAdvice}");
        }

        return bytes;
    }

    private byte[] Gunzip(Stream stream, MnistFile file, string source)
    {
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var buffer = new MemoryStream(checked((int)file.Length));
            gzip.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"The {DataName} {source} is not a valid gzip stream: {e.Message} {RepairAdvice}", e);
        }
    }
}
