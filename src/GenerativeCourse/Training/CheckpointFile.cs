using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenerativeCourse.Training;

/// <summary>
/// The bytes of a checkpoint: a magic string, the <see cref="CheckpointMetadata"/> as JSON, named binary sections
/// (model state, optimiser states, generator states), and a SHA-256 of everything before it, so that a truncated or
/// altered file is recognised as such instead of loading half a model. Written atomically.
/// </summary>
/// <remarks>
/// Layout (little-endian, <see cref="BinaryWriter"/> conventions): <c>"GCCKPT01"</c>, metadata JSON (length-prefixed
/// UTF-8), section count (int32), then per section its name (length-prefixed) and its bytes (int64 length + bytes),
/// and finally the 32-byte SHA-256 of all preceding bytes.
/// </remarks>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = "GCCKPT01"u8.ToArray();
    // NaN marks an epoch without a validation loss (a GAN's); JSON has no NaN, so it is written as the string "NaN".
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private const int HashLength = 32;

    /// <summary>
    /// Writes the file through a temporary file in the same folder, flushed to disk, then renamed over
    /// <paramref name="path"/>: a reader (or a crash) sees either the previous file or the new one, never a mixture.
    /// </summary>
    public static void Write(string path, CheckpointMetadata metadata, IReadOnlyList<(string Name, byte[] Bytes)> sections)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var body = Body(metadata, sections);
        AtomicFile.Write(full, stream =>
        {
            stream.Write(body);
            stream.Write(SHA256.HashData(body));
        });
    }

    /// <summary>Reads and verifies the file; the sections by name.</summary>
    /// <exception cref="CheckpointException">Missing, not a checkpoint, or damaged.</exception>
    public static (CheckpointMetadata Metadata, IReadOnlyDictionary<string, byte[]> Sections) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException(path, "no such checkpoint file.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException(path, $"not a GenerativeCourse checkpoint (expected a file starting with \"{Encoding.ASCII.GetString(Magic)}\", {bytes.Length:N0} bytes found).");
        }

        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
        {
            throw new CheckpointException(path, $"the checkpoint is damaged (truncated or altered: its SHA-256 does not match its {bytes.Length:N0} bytes). Delete it and train again, or restore a copy.");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length), Encoding.UTF8);
            var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json)
                ?? throw new InvalidDataException("empty metadata");
            var count = reader.ReadInt32();
            var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var length = reader.ReadInt64();
                sections[name] = reader.ReadBytes(checked((int)length));
            }

            return (metadata, sections);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or EndOfStreamException or OverflowException)
        {
            throw new CheckpointException(path, $"the checkpoint's checksum is right but its contents cannot be read ({e.Message}); it was written by an incompatible version.", e);
        }
    }

    private static byte[] Body(CheckpointMetadata metadata, IReadOnlyList<(string Name, byte[] Bytes)> sections)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            writer.Write(sections.Count);
            foreach (var (name, bytes) in sections)
            {
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
        }

        return memory.ToArray();
    }
}
