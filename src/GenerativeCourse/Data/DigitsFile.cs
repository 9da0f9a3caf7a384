using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GenerativeCourse.Data;

/// <summary>
/// Decoder of the course's digit file format (version 1), written by <c>data/tools/MakeDigits.cs</c>
/// and specified in <c>data/README.md</c>. All integers are little-endian:
/// <code>
/// offset  size  field
///      0     8  magic "GCDIGITS" (ASCII)
///      8     4  format version, 1
///     12     4  image count N
///     16     4  rows, 28
///     20     4  columns, 28
///     24     4  compressed payload length L
///     28     L  zlib stream (RFC 1950) of the payload: N labels (one byte each, 0–9), then
///               N·rows·columns pixels (one byte each, 0 = background … 255 = ink),
///               image after image, each image row after row
/// </code>
/// The file ends exactly at offset <c>28 + L</c>.
/// </summary>
internal static class DigitsFile
{
    public const int HeaderLength = 28;
    public const uint Version = 1;
    public static ReadOnlySpan<byte> Magic => "GCDIGITS"u8;

    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    /// <exception cref="DigitsFormatException">The bytes are not a valid version-1 file of 10,000 28×28 digits; the message says where and why.</exception>
    public static (byte[] Labels, byte[] Pixels) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength)
        {
            var field = bytes.Length switch
            {
                < 8 => "magic (offset 0)",
                < 12 => "version (offset 8)",
                < 16 => "image count (offset 12)",
                < 20 => "rows (offset 16)",
                < 24 => "columns (offset 20)",
                _ => "compressed length (offset 24)",
            };
            throw Error($"the file is truncated in its header: it has {bytes.Length} bytes, the header needs {HeaderLength}; the field {field} is incomplete.");
        }

        if (!bytes[..8].SequenceEqual(Magic))
        {
            throw Error($"bad magic at offset 0: expected \"GCDIGITS\" ({Convert.ToHexString(Magic)}), found {Describe(bytes[..8])}. This is not a digits file of this course.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != Version)
        {
            throw Error($"unsupported format version at offset 8: expected {Version}, found {version}.");
        }

        ExpectField(bytes, 12, "image count", MnistDigits.ImageCount);
        ExpectField(bytes, 16, "rows", MnistDigits.Rows);
        ExpectField(bytes, 20, "columns", MnistDigits.Columns);

        var compressedLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]);
        var available = (long)bytes.Length - HeaderLength;
        if (available < compressedLength)
        {
            throw Error($"the file is truncated: the compressed payload at offset {HeaderLength} should have {compressedLength} bytes (field 'compressed length' at offset 24), but the file ends at offset {bytes.Length}, after {available} bytes of payload.");
        }

        if (available > compressedLength)
        {
            throw Error($"{available - compressedLength} unexpected bytes follow the payload at offset {HeaderLength + compressedLength} (field 'compressed length' at offset 24 says {compressedLength}).");
        }

        const int count = MnistDigits.ImageCount;
        var payload = Inflate(bytes[HeaderLength..].ToArray(), count * (1 + MnistDigits.PixelsPerImage));
        var labels = payload.AsSpan(0, count).ToArray();
        var pixels = payload.AsSpan(count).ToArray();
        for (var i = 0; i < count; i++)
        {
            if (labels[i] > 9)
            {
                throw Error($"the label of image {i} (payload offset {i}) is {labels[i]}, expected a digit 0–9.");
            }
        }

        return (labels, pixels);
    }

    private static byte[] Inflate(byte[] compressed, int expectedLength)
    {
        var payload = new byte[expectedLength];
        var filled = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            int read;
            while (filled < expectedLength && (read = zlib.Read(payload, filled, expectedLength - filled)) > 0)
            {
                filled += read;
            }

            // Reading past the last expected byte also makes zlib verify the stream's Adler-32 checksum.
            if (filled == expectedLength && zlib.ReadByte() >= 0)
            {
                throw Error($"the compressed payload at offset {HeaderLength} is corrupt: it decompresses to more than the expected {expectedLength} bytes ({MnistDigits.ImageCount} labels + {MnistDigits.ImageCount}×{MnistDigits.PixelsPerImage} pixels).");
            }
        }
        catch (InvalidDataException e)
        {
            throw Error($"the compressed payload at offset {HeaderLength} is corrupt: decompression fails after {filled} bytes (bad deflate data or a wrong Adler-32 checksum; .NET says \"{e.Message}\").", e);
        }

        if (filled < expectedLength)
        {
            throw Error($"the compressed payload at offset {HeaderLength} is corrupt or incomplete: it decompresses to only {filled} bytes, expected {expectedLength} ({MnistDigits.ImageCount} labels + {MnistDigits.ImageCount}×{MnistDigits.PixelsPerImage} pixels).");
        }

        return payload;
    }

    private static void ExpectField(ReadOnlySpan<byte> bytes, int offset, string field, int expected)
    {
        var found = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
        if (found != expected)
        {
            throw Error($"unexpected {field} at offset {offset}: expected {expected}, found {found}.");
        }
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return $"\"{text}\" ({Convert.ToHexString(bytes)})";
    }

    private static DigitsFormatException Error(string problem, Exception? inner = null) => new(problem, inner);
}

/// <summary>What is wrong with the bytes of a digits file, in one sentence; <see cref="MnistDigits"/> adds the file name and the repair.</summary>
internal sealed class DigitsFormatException(string problem, Exception? inner) : Exception(problem, inner);
