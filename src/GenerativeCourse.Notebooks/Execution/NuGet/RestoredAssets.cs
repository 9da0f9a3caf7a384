using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// Reads what the throw-away project resolved: the copy-local file list its target wrote, sorted into managed runtime
/// assemblies and native libraries, and the resolved package versions from <c>obj/project.assets.json</c>.
/// </summary>
internal static class RestoredAssets
{
    public static (IReadOnlyList<string> RuntimeAssemblies, IReadOnlyList<string> NativeLibraries) ReadFileList(string assetsFile)
    {
        var runtime = new List<string>();
        var native = new List<string>();
        foreach (var line in File.ReadAllLines(assetsFile).Where(line => line.Length > 0))
        {
            // type|package|version|path; the path may not contain '|' on the systems we support, but take the rest anyway.
            var parts = line.Split('|', 4);
            if (parts.Length < 4)
            {
                continue;
            }

            var (assetType, path) = (parts[0], parts[3]);
            switch (Classify(assetType, path))
            {
                case AssetKind.Runtime:
                    runtime.Add(path);
                    break;
                case AssetKind.Native:
                    native.Add(path);
                    break;
            }
        }

        return (runtime.Distinct(StringComparer.Ordinal).ToList(), native.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Every package in the restore graph with its resolved version, sorted by name (projects and references left out).</summary>
    public static IReadOnlyList<RestoredPackage> ReadPackages(string projectAssetsJson)
    {
        var libraries = JsonNode.Parse(File.ReadAllText(projectAssetsJson))?["libraries"] as JsonObject ?? [];
        return libraries
            .Where(library => (library.Value as JsonObject)?["type"]?.GetValue<string>() == "package")
            .Select(library => library.Key.Split('/', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => new RestoredPackage(parts[0], parts[1]))
            .OrderBy(package => package.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private enum AssetKind
    {
        Skip,
        Runtime,
        Native,
    }

    // NuGet tags what it resolves (runtime, native, resources); files that a package's own .targets add carry no tag,
    // so for those the file itself decides: a managed assembly has CLI metadata, a shared library does not.
    private static AssetKind Classify(string assetType, string path) => assetType.ToLowerInvariant() switch
    {
        "runtime" => IsManagedAssembly(path) ? AssetKind.Runtime : AssetKind.Skip,
        "native" => AssetKind.Native,
        "" when IsManagedAssembly(path) => AssetKind.Runtime,
        "" when IsNativeLibraryName(path) => AssetKind.Native,
        _ => AssetKind.Skip,
    };

    private static bool IsNativeLibraryName(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)
            || name.EndsWith(".dylib", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsManagedAssembly(string path)
    {
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return false;
        }
    }
}
