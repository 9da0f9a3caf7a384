using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace GenerativeCourse.Tests.Runtime;

/// <summary>
/// What an assembly uses of FSharp.Core, read from its metadata without loading it: every type it references there, and
/// every member of those types (by name, generic arity and parameter count), so that it can be checked against what an
/// older FSharp.Core defines.
/// </summary>
internal static class FSharpCoreSurface
{
    public const string Name = "FSharp.Core";

    /// <summary>The version of FSharp.Core that the assembly at <paramref name="path"/> references, or null.</summary>
    public static Version? ReferencedVersion(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        if (!pe.HasMetadata)
        {
            return null;
        }

        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference)
            .Where(reference => reader.GetString(reference.Name) == Name)
            .Select(reference => reference.Version)
            .FirstOrDefault();
    }

    /// <summary>The FSharp.Core types (full names, nested with <c>+</c>) and members (<c>Type::name`arity(parameters)</c>) the assembly uses.</summary>
    public static (ISet<string> Types, ISet<string> Members) Used(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var members = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            if (FSharpCoreTypeName(reader, handle) is { } name)
            {
                types.Add(name);
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (ParentTypeName(reader, member.Parent) is { } owner)
            {
                members.Add($"{owner}::{reader.GetString(member.Name)}{Shape(reader.GetBlobReader(member.Signature))}");
            }
        }

        return (types, members);
    }

    /// <summary>Every type (nested with <c>+</c>) and member (in the same notation) that the FSharp.Core at <paramref name="path"/> defines.</summary>
    public static (ISet<string> Types, ISet<string> Members) Defined(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var types = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var definition = reader.GetTypeDefinition(handle);
            var name = DefinitionName(reader, definition);
            types.Add(name);
            foreach (var method in definition.GetMethods().Select(reader.GetMethodDefinition))
            {
                members.Add($"{name}::{reader.GetString(method.Name)}{Shape(reader.GetBlobReader(method.Signature))}");
            }

            foreach (var field in definition.GetFields().Select(reader.GetFieldDefinition))
            {
                members.Add($"{name}::{reader.GetString(field.Name)}{Shape(reader.GetBlobReader(field.Signature))}");
            }
        }

        foreach (var exported in reader.ExportedTypes.Select(reader.GetExportedType))
        {
            types.Add(Join(reader.GetString(exported.Namespace), reader.GetString(exported.Name)));
        }

        return (types, members);
    }

    // "`g(p)" for a method with g generic parameters and p parameters, "" for a field.
    private static string Shape(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        if (header.Kind != SignatureKind.Method && header.Kind != SignatureKind.Property)
        {
            return "";
        }

        var generic = header.IsGeneric ? signature.ReadCompressedInteger() : 0;
        return $"`{generic}({signature.ReadCompressedInteger()})";
    }

    private static string? ParentTypeName(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                return FSharpCoreTypeName(reader, (TypeReferenceHandle)parent);
            case HandleKind.TypeSpecification:
                // A generic instantiation, FSharpOption<Font>: its signature starts GENERICINST, CLASS|VALUETYPE, type.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return null;
                }

                blob.ReadSignatureTypeCode();
                var generic = blob.ReadTypeHandle();
                return generic.Kind == HandleKind.TypeReference ? FSharpCoreTypeName(reader, (TypeReferenceHandle)generic) : null;
            default:
                return null;
        }
    }

    private static string? FSharpCoreTypeName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = Join(reader.GetString(reference.Namespace), reader.GetString(reference.Name));
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope);
                return reader.GetString(assembly.Name) == Name ? name : null;
            case HandleKind.TypeReference:
                return FSharpCoreTypeName(reader, (TypeReferenceHandle)reference.ResolutionScope) is { } outer ? $"{outer}+{name}" : null;
            default:
                return null;
        }
    }

    private static string DefinitionName(MetadataReader reader, TypeDefinition definition)
    {
        var name = Join(reader.GetString(definition.Namespace), reader.GetString(definition.Name));
        var declaring = definition.GetDeclaringType();
        return declaring.IsNil ? name : $"{DefinitionName(reader, reader.GetTypeDefinition(declaring))}+{name}";
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";
}
