using System.Globalization;
using GenerativeCourse.Probability;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>How a <see cref="LogPartitionEstimate"/> was obtained.</summary>
public enum LogPartitionMethod
{
    /// <summary>Exact: the sum over all 2^H hidden configurations with the visible units summed out analytically.</summary>
    ExactOverHidden,

    /// <summary>Exact: the sum of exp(−F(v)) over all 2^V visible configurations.</summary>
    ExactOverVisible,

    /// <summary>An estimate by annealed importance sampling (Neal 2001; Salakhutdinov &amp; Murray 2008).</summary>
    AnnealedImportanceSampling,
}

/// <summary>
/// log Z of an <see cref="Rbm"/>, with the method that produced it and, for an estimate, its spread.
/// </summary>
/// <param name="LogZ">log Z in nats (for AIS, log Ẑ = log Z_A + log of the mean importance weight).</param>
/// <param name="Lower">For AIS, log(Ẑ − 3σ̂) where σ̂ is the standard error of Ẑ over the runs (−∞ when Ẑ − 3σ̂ ≤ 0);
/// equal to <paramref name="LogZ"/> when exact.</param>
/// <param name="Upper">For AIS, log(Ẑ + 3σ̂); equal to <paramref name="LogZ"/> when exact.</param>
/// <param name="Method">Exact enumeration or annealed importance sampling.</param>
/// <param name="Runs">Independent AIS runs (chains) averaged; 0 for exact values.</param>
/// <param name="Temperatures">Intermediate distributions of the AIS schedule; 0 for exact values.</param>
/// <remarks>
/// The ±3σ̂ interval is the one Salakhutdinov &amp; Murray (2008) report. It measures the spread of the weights that
/// were seen; it cannot see the rare, very large weights a short schedule misses, so an AIS interval can be
/// confidently wrong when the schedule is too short — which is why the chapter checks AIS against exact values on
/// a small model.
/// </remarks>
public sealed record LogPartitionEstimate(double LogZ, double Lower, double Upper, LogPartitionMethod Method, int Runs = 0, int Temperatures = 0)
{
    /// <summary>True for the two enumeration methods.</summary>
    public bool IsExact => Method != LogPartitionMethod.AnnealedImportanceSampling;

    /// <summary>"exact log Z (enumeration of 2^H hidden states)" or "AIS estimate of log Z (100 runs, 10,000 temperatures)".</summary>
    public string MethodDescription => Method switch
    {
        LogPartitionMethod.ExactOverHidden => "exact log Z (enumeration of the hidden states)",
        LogPartitionMethod.ExactOverVisible => "exact log Z (enumeration of the visible states)",
        _ => string.Create(CultureInfo.InvariantCulture, $"AIS estimate of log Z ({Runs} runs, {Temperatures:N0} temperatures)"),
    };

    public override string ToString() => IsExact
        ? string.Create(CultureInfo.InvariantCulture, $"log Z = {LogZ:F4} nats, {MethodDescription}")
        : string.Create(CultureInfo.InvariantCulture, $"log Ẑ = {LogZ:F3} nats (Ẑ ± 3σ: {Units.Format(Lower, "F3")} … {Units.Format(Upper, "F3")}), {MethodDescription}");
}
