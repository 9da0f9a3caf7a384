using System.Reflection;
using System.Runtime.Loader;

// Usage: GenerativeCourse.OlderFSharpCoreHost <folder with GenerativeCourse.dll and its packages> <plain|unified>
// Loads the library the way the genuine kernel does (DESIGN §5): package assemblies into the default context by a
// resolver that cannot load a second FSharp.Core, the library itself into a scripting context of its own. Then draws
// one chart, after FSharpCoreUnification.Install() in mode "unified". Exit 0 and "chart: …" when the chart renders;
// exit 3 with the exception when it does not.
if (args.Length != 2 || args[1] is not ("plain" or "unified"))
{
    Console.Error.WriteLine("usage: GenerativeCourse.OlderFSharpCoreHost <library folder> <plain|unified>");
    return 2;
}

var folder = Path.GetFullPath(args[0]);
Console.WriteLine($"host FSharp.Core: {typeof(Microsoft.FSharp.Core.Unit).Assembly.GetName().Version}");

// The kernel's package resolver: same-named files of the packages folder, into the default context.
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    var path = Path.Combine(folder, name.Name + ".dll");
    if (!File.Exists(path))
    {
        return null;
    }

    try
    {
        return context.LoadFromAssemblyPath(path);
    }
    catch (FileLoadException)
    {
        return null;  // an assembly of that name is loaded already (FSharp.Core): the request fails
    }
};

var library = new ScriptingContext(folder).LoadFromAssemblyPath(Path.Combine(folder, "GenerativeCourse.dll"));
try
{
    if (args[1] == "unified")
    {
        var report = library.GetType("GenerativeCourse.Runtime.FSharpCoreUnification", throwOnError: true)!
            .GetMethod("Install")!.Invoke(null, null);
        Console.WriteLine($"report: {report}");
    }

    var charts = library.GetType("GenerativeCourse.Plots.Charts", throwOnError: true)!;
    var line = charts.GetMethod("Line")!;
    var chart = line.Invoke(null, [new double[] { 1, 2, 3 }, .. line.GetParameters().Skip(1).Select(p => p.DefaultValue)]);
    var fragment = library.GetType("GenerativeCourse.Plots.PlotlyHtml", throwOnError: true)!.GetMethods()
        .First(m => m.Name == "Fragment" && m.GetParameters()[0].ParameterType.Name == "GenericChart");
    var html = (string)fragment.Invoke(null, [chart, .. fragment.GetParameters().Skip(1).Select(p => p.DefaultValue)])!;
    Console.WriteLine($"chart: {html.Length} characters of HTML");
    var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "FSharp.Core").Select(a => a.GetName().Version);
    Console.WriteLine($"FSharp.Core loaded: {string.Join(", ", loaded)}");
    return 0;
}
catch (TargetInvocationException e) when (e.InnerException is { } inner)
{
    Console.WriteLine($"failed: {inner.GetType().FullName}: {inner.Message}");
    return 3;
}

/// <summary>Like Roslyn's scripting load context: the default context first, then the library's own folder.</summary>
internal sealed class ScriptingContext : AssemblyLoadContext
{
    public ScriptingContext(string folder)
        : base("scripting")
    {
        Resolving += (_, name) => File.Exists(Path.Combine(folder, name.Name + ".dll"))
            ? LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll"))
            : null;
    }

    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
