using System.Collections.Concurrent;
using System.Runtime.Loader;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Runs a set-up action once for every assembly load context: those that exist now and each new one when it loads
/// its first assembly. Roslyn's <c>InteractiveAssemblyLoader</c> gives referenced files contexts of their own, and
/// the runtime asks only the context of the requesting assembly to resolve a dependency, so resolvers must be on all.
/// </summary>
internal sealed class LoadContexts
{
    private readonly ConcurrentDictionary<AssemblyLoadContext, bool> _seen = new();
    private readonly Action<AssemblyLoadContext> _setUp;

    private LoadContexts(Action<AssemblyLoadContext> setUp) => _setUp = setUp;

    /// <summary>Calls <paramref name="setUp"/> once per load context, for the life of the process.</summary>
    public static void OnEach(Action<AssemblyLoadContext> setUp)
    {
        var contexts = new LoadContexts(setUp);
        AppDomain.CurrentDomain.AssemblyLoad += (_, loaded) => contexts.SetUp(AssemblyLoadContext.GetLoadContext(loaded.LoadedAssembly));
        foreach (var context in AssemblyLoadContext.All)
        {
            contexts.SetUp(context);
        }
    }

    private void SetUp(AssemblyLoadContext? context)
    {
        if (context is not null && _seen.TryAdd(context, true))
        {
            _setUp(context);
        }
    }
}
