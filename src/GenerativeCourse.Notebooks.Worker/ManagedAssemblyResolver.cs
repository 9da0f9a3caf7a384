using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Version unification for restored packages, as an application's <c>.deps.json</c> gives it: a request for
/// version v of an assembly is answered by the same assembly at a version ≥ v — an already loaded one first, else
/// the one the notebook's restore resolved.
/// </summary>
/// <remarks>
/// Roslyn loads each referenced file on its own, so a package compiled against an older dependency (Plotly.NET 6
/// asks for FSharp.Core 5.0.0.0; restore picks 10.x) would otherwise fail with "Could not load file or assembly".
/// The handler runs only after normal resolution failed; it never substitutes an older version and the public key
/// token must match.
/// </remarks>
internal sealed class ManagedAssemblyResolver
{
    private readonly ConcurrentDictionary<string, string> _restoredByName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hooks <see cref="AssemblyLoadContext.Resolving"/> of every load context.</summary>
    public void Install() => LoadContexts.OnEach(context => context.Resolving += Resolve);

    /// <summary>Makes these restored runtime assemblies (full paths) candidates; the first path for a name wins.</summary>
    public void Add(IEnumerable<string> assemblyPaths)
    {
        foreach (var path in assemblyPaths)
        {
            _restoredByName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }
    }

    /// <summary>The assembly that answers <paramref name="requested"/>: loaded or restored, same name and token, version ≥ requested.</summary>
    public Assembly? Find(AssemblyName requested)
    {
        if (requested.Name is null)
        {
            return null;
        }

        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => Answers(assembly.GetName(), requested))
            .OrderByDescending(assembly => assembly.GetName().Version)
            .FirstOrDefault();
        if (loaded is not null)
        {
            return loaded;
        }

        return _restoredByName.TryGetValue(requested.Name, out var path) && Answers(AssemblyName.GetAssemblyName(path), requested)
            ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path)
            : null;
    }

    /// <summary>True when <paramref name="candidate"/> can stand in for <paramref name="requested"/>.</summary>
    public static bool Answers(AssemblyName candidate, AssemblyName requested)
    {
        var token = requested.GetPublicKeyToken();
        return string.Equals(candidate.Name, requested.Name, StringComparison.OrdinalIgnoreCase)
            && (candidate.Version ?? new Version(0, 0)) >= (requested.Version ?? new Version(0, 0))
            && (token is null || token.Length == 0 || token.AsSpan().SequenceEqual(candidate.GetPublicKeyToken() ?? []));
    }

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested) => Find(requested);
}
