namespace GenerativeCourse.Runtime;

/// <summary>Which FSharp.Core the charts run on, as <see cref="FSharpCoreUnification.Install"/> found it.</summary>
/// <param name="Referenced">The version Plotly.NET was compiled against (10.1.0.0 for Plotly.NET 6.0.0).</param>
/// <param name="Loaded">The version the process had loaded when the course set up; null when none was loaded yet.</param>
public sealed record FSharpCoreReport(Version? Referenced, Version? Loaded)
{
    /// <summary>True when the host's older copy answers Plotly.NET's references (the genuine .NET Interactive kernel).</summary>
    public bool UsesHostCopy => Referenced is not null && Loaded is not null && Loaded < Referenced
        && FSharpCoreUnification.CanStandIn(Loaded, Referenced);

    /// <summary>True when charts cannot load: the host holds an FSharp.Core of another major version.</summary>
    public bool Incompatible => Referenced is not null && Loaded is not null && Loaded < Referenced && !UsesHostCopy;

    /// <summary>One line a learner can read: which FSharp.Core the charts use.</summary>
    public override string ToString() =>
        UsesHostCopy ? $"FSharp.Core: the host's {Loaded} answers Plotly.NET's references to {Referenced}."
        : Incompatible ? $"FSharp.Core: the host has {Loaded} loaded but Plotly.NET needs {Referenced}; charts will fail to load " +
                         "(use .NET Interactive 1.0.712001 or the course's runner)."
        : Loaded is null ? $"FSharp.Core: {Referenced}, as Plotly.NET references it."
        : $"FSharp.Core: {Loaded} (Plotly.NET references {Referenced}).";
}
