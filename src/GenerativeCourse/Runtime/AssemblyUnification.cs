using System.Reflection;
using System.Runtime.Loader;

namespace GenerativeCourse.Runtime;

/// <summary>
/// Lets an assembly that was compiled against an older version of a dependency use the newer version that is
/// already loaded — what an application's <c>.deps.json</c> does by "version unification", and what a
/// notebook host that loads packages one by one may not do.
/// </summary>
/// <remarks>
/// <para><b>The problem.</b> Plotly.NET 6.0 was compiled against FSharp.Core 5.0.0.0, Plotly.NET.CSharp and
/// this library against the FSharp.Core that restore picks (10.1.0.0 today). A script host that loads each
/// package into its own load context (Roslyn scripting does) finds FSharp.Core 10.1 for the second request
/// but nothing for the first, and the first chart fails with "Could not load file or assembly 'FSharp.Core,
/// Version=5.0.0.0'".</para>
/// <para><b>The fix.</b> A handler on the default load context's <see cref="AssemblyLoadContext.Resolving"/>
/// event, which runs only after normal resolution has failed, returns an already loaded assembly with the same
/// name and public key token and a version at least the one asked for. It never loads anything itself and never
/// substitutes an older version. <see cref="Course.Setup"/> registers it once and loads FSharp.Core first.</para>
/// </remarks>
public static class AssemblyUnification
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the handler on <see cref="AssemblyLoadContext.Default"/>, once per process.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            // Loads FSharp.Core 10.x through this library's own reference, so it is there to be found when
            // Plotly.NET asks for 5.0.0.0.
            _ = typeof(Microsoft.FSharp.Core.Unit).Assembly;
            AssemblyLoadContext.Default.Resolving += (_, requested) => FindLoaded(requested, AppDomain.CurrentDomain.GetAssemblies());
            _registered = true;
        }
    }

    /// <summary>
    /// Among <paramref name="loaded"/>, the assembly with the name and public key token of
    /// <paramref name="requested"/> and the highest version that is at least the requested one; null if none.
    /// </summary>
    public static Assembly? FindLoaded(AssemblyName requested, IEnumerable<Assembly> loaded)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(loaded);
        var minimum = requested.Version ?? new Version(0, 0);
        var token = requested.GetPublicKeyToken();
        return loaded
            .Select(assembly => (Assembly: assembly, Name: assembly.GetName()))
            .Where(a => string.Equals(a.Name.Name, requested.Name, StringComparison.OrdinalIgnoreCase)
                && (a.Name.Version ?? new Version(0, 0)) >= minimum
                && (token is null || token.Length == 0 || token.AsSpan().SequenceEqual(a.Name.GetPublicKeyToken() ?? [])))
            .OrderByDescending(a => a.Name.Version)
            .Select(a => a.Assembly)
            .FirstOrDefault();
    }
}
