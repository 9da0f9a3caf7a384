using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Finds the native libraries of restored packages for every assembly load context. Roslyn's
/// <c>InteractiveAssemblyLoader</c> loads each referenced file into a context of its own, and the runtime asks only
/// the context of the assembly that does the <c>DllImport</c>; so every context gets a
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/> handler as it appears (the default context too).
/// A library is found by file name, with or without the <c>lib</c> prefix and the <c>.so</c> suffix.
/// </summary>
internal sealed class NativeLibraryResolver
{
    private const string SearchDirectoriesKey = "NATIVE_DLL_SEARCH_DIRECTORIES";

    private readonly ConcurrentDictionary<string, string> _pathsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<AssemblyLoadContext, bool> _hooked = new();

    /// <summary>Hooks the contexts that exist now and every context that loads an assembly from now on.</summary>
    public void Install()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, loaded) => Hook(AssemblyLoadContext.GetLoadContext(loaded.LoadedAssembly));
        foreach (var context in AssemblyLoadContext.All)
        {
            Hook(context);
        }
    }

    /// <summary>
    /// Makes these libraries (full paths) resolvable; the first path registered for a name wins. Their folders are
    /// also appended to <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>, which libraries that load their own native files read.
    /// </summary>
    public void Add(IEnumerable<string> libraryPaths)
    {
        var directories = new List<string>();
        foreach (var path in libraryPaths)
        {
            var fileName = Path.GetFileName(path);
            _pathsByName.TryAdd(fileName, path);
            _pathsByName.TryAdd(StripSharedLibrarySuffix(fileName), path);
            if (Path.GetDirectoryName(path) is { } directory)
            {
                directories.Add(directory);
            }
        }

        AddSearchDirectories(directories);
    }

    /// <summary>The registered library for a name as <c>DllImport</c> spells it, or null.</summary>
    public string? Find(string name)
    {
        foreach (var candidate in Candidates(Path.GetFileName(name)))
        {
            if (_pathsByName.TryGetValue(candidate, out var path))
            {
                return path;
            }
        }

        return null;
    }

    private void Hook(AssemblyLoadContext? context)
    {
        if (context is not null && _hooked.TryAdd(context, true))
        {
            context.ResolvingUnmanagedDll += Resolve;
        }
    }

    private IntPtr Resolve(Assembly assembly, string name) =>
        Find(name) is { } path && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;

    // "torch" may be asked for as torch, libtorch, libtorch.so or torch.so; a versioned name (libgomp.so.1) as itself.
    private static IEnumerable<string> Candidates(string name)
    {
        var stem = StripSharedLibrarySuffix(name);
        yield return name;
        yield return stem;
        if (!stem.StartsWith("lib", StringComparison.Ordinal))
        {
            yield return "lib" + stem;
        }
    }

    private static string StripSharedLibrarySuffix(string fileName)
    {
        foreach (var suffix in new[] { ".so", ".dylib", ".dll" })
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return fileName[..^suffix.Length];
            }
        }

        return fileName;
    }

    private static void AddSearchDirectories(IEnumerable<string> directories)
    {
        var existing = (AppContext.GetData(SearchDirectoriesKey) as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        var added = directories.Distinct(StringComparer.Ordinal).Where(directory => !existing.Contains(directory)).ToList();
        if (added.Count > 0)
        {
            AppContext.SetData(SearchDirectoriesKey, string.Join(Path.PathSeparator, existing.Concat(added)) + Path.PathSeparator);
        }
    }
}
