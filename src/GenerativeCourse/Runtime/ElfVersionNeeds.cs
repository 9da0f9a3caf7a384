using System.Buffers.Binary;
using System.Text;

namespace GenerativeCourse.Runtime;

/// <summary>
/// Reads and edits the "version needs" of a 64-bit little-endian ELF shared library: the
/// <c>.gnu.version_r</c> section that says, for each library it links against, which symbol
/// versions it requires (for example <c>libstdc++.so.6</c> → <c>GLIBCXX_3.4.32</c>).
/// </summary>
/// <remarks>
/// Layout (System V gABI, GNU symbol versioning): the section holds a chain of <c>Elf64_Verneed</c>
/// records (vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32), each followed by a
/// chain of <c>vn_cnt</c> <c>Elf64_Vernaux</c> records (vna_hash u32, vna_flags u16, vna_other u16,
/// vna_name u32, vna_next u32). Names are offsets into the string table the section links to.
/// A Vernaux whose <c>vna_flags</c> has <see cref="WeakFlag"/> set is a <em>weak</em> need: the dynamic
/// loader accepts a library that lacks that version instead of refusing to load.
/// </remarks>
public static class ElfVersionNeeds
{
    /// <summary><c>VER_FLG_WEAK</c>: the version is not required for the library to load.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>One required symbol version of one needed library.</summary>
    /// <param name="File">The needed library, e.g. <c>libstdc++.so.6</c>.</param>
    /// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="Flags">The Vernaux flags (<see cref="WeakFlag"/> means optional).</param>
    /// <param name="FlagsOffset">Byte offset of the 16-bit flags field in the file.</param>
    public sealed record Need(string File, string Version, ushort Flags, long FlagsOffset)
    {
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    /// <summary>All version needs of the ELF image, in file order.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a 64-bit little-endian ELF with a version-needs section.</exception>
    public static IReadOnlyList<Need> Read(ReadOnlySpan<byte> elf)
    {
        RequireElf64LittleEndian(elf);
        try
        {
            return ReadSections(elf);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("The ELF file is truncated or corrupt: an offset points past its end.", e);
        }
    }

    private static List<Need> ReadSections(ReadOnlySpan<byte> elf)
    {
        var sectionHeaders = ReadU64(elf, 0x28);
        var sectionHeaderSize = ReadU16(elf, 0x3A);
        var sectionCount = ReadU16(elf, 0x3C);

        for (var i = 0; i < sectionCount; i++)
        {
            var header = checked((int)(sectionHeaders + (ulong)(i * sectionHeaderSize)));
            if (ReadU32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = checked((int)ReadU64(elf, header + 0x18));
            var entryCount = ReadU32(elf, header + 0x2C);       // sh_info: number of Verneed records
            var stringTableIndex = ReadU32(elf, header + 0x28); // sh_link: the .dynstr section
            var stringHeader = checked((int)(sectionHeaders + (ulong)(stringTableIndex * sectionHeaderSize)));
            var strings = checked((int)ReadU64(elf, stringHeader + 0x18));
            return ReadChain(elf, offset, entryCount, strings);
        }

        throw new InvalidDataException("The ELF file has no .gnu.version_r (version needs) section.");
    }

    /// <summary>
    /// A copy of <paramref name="elf"/> in which the need for <paramref name="version"/> of
    /// <paramref name="file"/> is weak. Only that one 16-bit flags field changes.
    /// </summary>
    /// <exception cref="InvalidDataException">No such need exists in the file.</exception>
    public static byte[] WithWeakNeed(ReadOnlySpan<byte> elf, string file, string version)
    {
        var need = Read(elf).FirstOrDefault(n => n.File == file && n.Version == version)
            ?? throw new InvalidDataException($"The ELF file does not require version {version} of {file}.");
        var patched = elf.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan((int)need.FlagsOffset), (ushort)(need.Flags | WeakFlag));
        return patched;
    }

    private static List<Need> ReadChain(ReadOnlySpan<byte> elf, int offset, uint entryCount, int strings)
    {
        var needs = new List<Need>();
        var verneed = offset;
        for (var n = 0; n < entryCount; n++)
        {
            var auxCount = ReadU16(elf, verneed + 2);
            var file = ReadString(elf, strings + (int)ReadU32(elf, verneed + 4));
            var vernaux = verneed + (int)ReadU32(elf, verneed + 8);
            for (var a = 0; a < auxCount; a++)
            {
                var name = ReadString(elf, strings + (int)ReadU32(elf, vernaux + 8));
                needs.Add(new Need(file, name, ReadU16(elf, vernaux + 4), vernaux + 4));
                vernaux += (int)ReadU32(elf, vernaux + 12);
            }

            verneed += (int)ReadU32(elf, verneed + 12);
        }

        return needs;
    }

    private static void RequireElf64LittleEndian(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 0x40 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file (the first four bytes are not 0x7F 'E' 'L' 'F').");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"Only 64-bit little-endian ELF is supported (class {elf[4]}, data {elf[5]}).");
        }
    }

    private static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        var length = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, length));
    }

    private static ushort ReadU16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint ReadU32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static ulong ReadU64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
