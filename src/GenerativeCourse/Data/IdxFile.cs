using System.Buffers.Binary;

namespace GenerativeCourse.Data;

/// <summary>
/// Reader of the IDX format in which LeCun, Cortes and Burges publish MNIST. All integers are big-endian:
/// <code>
/// offset  size  field
///      0     2  zero
///      2     1  element type: 0x08 = unsigned byte
///      3     1  number of dimensions n (3 for images, 1 for labels)
///      4    4n  size of each dimension (images: count, rows, columns; labels: count)
///   4+4n     …  the elements, last dimension fastest (an image row after row)
/// </code>
/// So an image file starts <c>00 00 08 03</c> (2051) and a label file <c>00 00 08 01</c> (2049).
/// </summary>
internal static class IdxFile
{
    public const int ImagesMagic = 0x0000_0803;
    public const int LabelsMagic = 0x0000_0801;

    /// <summary>The pixels (<c>[count, rows·columns]</c> row-major) of an image file of 28×28 images: a view of <paramref name="bytes"/>.</summary>
    /// <exception cref="DataFileException">Not such a file; the message names <paramref name="source"/> and what is wrong.</exception>
    public static ReadOnlySpan<byte> ReadImages(ReadOnlySpan<byte> bytes, string source, int expectedCount) =>
        Header(bytes, source, ImagesMagic, [expectedCount, MnistDigits.Rows, MnistDigits.Columns]);

    /// <summary>The labels of a label file, each checked to be a digit 0–9: a view of <paramref name="bytes"/>.</summary>
    /// <exception cref="DataFileException">Not such a file, or a label above 9.</exception>
    public static ReadOnlySpan<byte> ReadLabels(ReadOnlySpan<byte> bytes, string source, int expectedCount)
    {
        var body = Header(bytes, source, LabelsMagic, [expectedCount]);
        var bad = body.IndexOfAnyInRange((byte)10, byte.MaxValue);
        if (bad >= 0)
        {
            throw new DataFileException($"{source}: label {bad} is {body[bad]}; expected a digit 0–9.");
        }

        return body;
    }

    // Checks the magic number and the dimensions, and that the elements fill the rest of the file exactly.
    private static ReadOnlySpan<byte> Header(ReadOnlySpan<byte> bytes, string source, int magic, int[] dimensions)
    {
        var headerLength = 4 + (4 * dimensions.Length);
        if (bytes.Length < headerLength)
        {
            throw new DataFileException($"{source}: {bytes.Length} bytes is too short for an IDX header of {headerLength} bytes.");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
        {
            throw new DataFileException($"{source}: magic number 0x{found:x8} at offset 0; expected 0x{magic:x8} " +
                $"(IDX, unsigned bytes, {dimensions.Length} dimension{(dimensions.Length == 1 ? "" : "s")}).");
        }

        long elements = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + (4 * i))..]);
            if (size != dimensions[i])
            {
                throw new DataFileException($"{source}: dimension {i} (offset {4 + (4 * i)}) is {size}; expected {dimensions[i]}.");
            }

            elements *= size;
        }

        if (bytes.Length - headerLength != elements)
        {
            throw new DataFileException($"{source}: {bytes.Length - headerLength} bytes follow the header; expected {elements} " +
                $"({string.Join(" × ", dimensions)}).");
        }

        return bytes[headerLength..];
    }
}
