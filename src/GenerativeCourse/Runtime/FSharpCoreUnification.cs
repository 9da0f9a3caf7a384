using System.Reflection;
using System.Runtime.Loader;
using Plotly.NET;

namespace GenerativeCourse.Runtime;

/// <summary>
/// Lets the charts work in a host that loaded an older FSharp.Core before the course did: requests for FSharp.Core
/// that the runtime cannot satisfy are answered by the copy already loaded, when it has the same major version.
/// </summary>
/// <remarks>
/// <para><b>The problem.</b> Plotly.NET 6.0.0 (the only version the course can use) is compiled against FSharp.Core
/// 10.1.0.0. The genuine .NET Interactive kernel (tool 1.0.712001, the one VS Code starts) ships FSharp.Core 10.0.0.0
/// for its F# kernel and has it loaded before the first cell runs. A process holds one FSharp.Core per load context,
/// and the runtime never gives a request for 10.1.0.0 a lower version on its own, so the first chart fails with
/// "Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'".</para>
/// <para><b>The fix.</b> .NET has no binding redirects; its equivalent is a handler of the default load context's
/// <see cref="AssemblyLoadContext.Resolving"/> event, which the runtime raises when the default context cannot bind a
/// request, and before a custom context's own resolver runs: the kernel loads <c>#r "nuget: …"</c> packages into the
/// default context, but <c>#r "GenerativeCourse.dll"</c> into a Roslyn scripting context whose resolver would
/// otherwise load FSharp.Core 10.1 a second time, so that the library and Plotly.NET disagree on the identity of
/// <c>FSharpOption</c> (a <see cref="MissingMethodException"/> at the first chart). The handler returns the FSharp.Core that is already loaded when the name and public key token match
/// and the major version is the one requested. It never answers other assemblies, never a different major version,
/// and never replaces a load that would have succeeded, so in the course's own runner (which restores FSharp.Core
/// 10.1) it does nothing.</para>
/// <para><b>Why it is safe here.</b> Code compiled against FSharp.Core 10.1 runs on 10.0 as long as it uses no member
/// added in 10.1; the library's tests check that every FSharp.Core type and member Plotly.NET and its F# dependencies
/// reference exists in 10.0, and every chapter is executed in the genuine kernel.</para>
/// </remarks>
public static class FSharpCoreUnification
{
    /// <summary>The simple name of the F# core library.</summary>
    public const string SimpleName = "FSharp.Core";

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>
    /// Hooks the handler once per process (later calls add nothing) and says what it found. Call it before the first
    /// chart; <see cref="Course.Setup"/> does, first of all.
    /// </summary>
    public static FSharpCoreReport Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                AssemblyLoadContext.Default.Resolving += (_, requested) => Resolve(requested);
                _installed = true;
            }
        }

        return new FSharpCoreReport(Referenced(), Loaded()?.GetName().Version);
    }

    /// <summary>The loaded assembly that may stand in for <paramref name="requested"/>, or null (the request then fails as before).</summary>
    public static Assembly? Resolve(AssemblyName requested)
    {
        if (!string.Equals(requested.Name, SimpleName, StringComparison.Ordinal))
        {
            return null;
        }

        var loaded = Loaded();
        if (loaded is null || !CanStandIn(loaded.GetName(), requested))
        {
            return null;
        }

        return loaded;
    }

    /// <summary>
    /// True when <paramref name="loaded"/> may answer <paramref name="requested"/>: FSharp.Core both, the same public key
    /// token, the same major version and not newer than asked for (a newer one would have been bound without help).
    /// </summary>
    public static bool CanStandIn(AssemblyName loaded, AssemblyName requested)
    {
        var token = requested.GetPublicKeyToken();
        return string.Equals(loaded.Name, SimpleName, StringComparison.Ordinal)
            && string.Equals(requested.Name, SimpleName, StringComparison.Ordinal)
            && CanStandIn(loaded.Version ?? new Version(0, 0), requested.Version ?? new Version(0, 0))
            && (token is null || token.Length == 0 || token.AsSpan().SequenceEqual(loaded.GetPublicKeyToken() ?? []));
    }

    /// <summary>The version rule of <see cref="CanStandIn(AssemblyName, AssemblyName)"/>: the same major version, not newer.</summary>
    public static bool CanStandIn(Version loaded, Version requested) => loaded.Major == requested.Major && loaded <= requested;

    // The FSharp.Core of the process; with several (one per load context), the newest.
    private static Assembly? Loaded() => AppDomain.CurrentDomain.GetAssemblies()
        .Where(assembly => assembly.GetName().Name == SimpleName)
        .MaxBy(assembly => assembly.GetName().Version);

    // The version Plotly.NET was compiled against. Reading the reference does not load FSharp.Core.
    private static Version? Referenced() => typeof(GenericChart).Assembly.GetReferencedAssemblies()
        .FirstOrDefault(reference => reference.Name == SimpleName)?.Version;
}
