using System.Globalization;
using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// A differential entropy h(p) = −∫ p(x) log p(x) dx in <b>nats</b>, exact or estimated, with its standard error
/// (0 when exact) and the method in words.
/// </summary>
/// <param name="Nats">h(p) in nats (can be negative: a density concentrated on a small area exceeds 1).</param>
/// <param name="StandardError">Standard error of a Monte Carlo estimate; 0 for a closed form.</param>
/// <param name="Method">How it was obtained, e.g. "closed form: log of the area".</param>
public sealed record DifferentialEntropy(double Nats, double StandardError, string Method)
{
    /// <summary>
    /// The Monte Carlo estimate ĥ = −(1/n) Σ_i log p(x_i) with x_i ~ p independent, and its standard error
    /// s/√n, where s is the sample standard deviation of log p(x_i). Unbiased when log p is exact.
    /// </summary>
    /// <param name="toy">The distribution to draw from.</param>
    /// <param name="logDensity">Its exact log-density (<see cref="IKnownDensity.LogDensity"/>), <c>[n, 2]</c> → <c>[n]</c>.</param>
    /// <param name="samples">n, at least 2.</param>
    /// <param name="seed">Seed of the draws, so the estimate is reproducible.</param>
    /// <param name="method">Words for <see cref="Method"/>, e.g. how the density is evaluated.</param>
    public static DifferentialEntropy MonteCarlo(Toy2DDistribution toy, Func<Tensor, Tensor> logDensity, int samples, ulong seed, string method)
    {
        ArgumentNullException.ThrowIfNull(toy);
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        const int chunk = 65_536;
        var values = new List<Tensor>();
        for (var start = 0; start < samples; start += chunk)
        {
            values.Add(logDensity(toy.Sample(Math.Min(chunk, samples - start), generator)).to_type(ScalarType.Float64));
        }

        var all = cat(values, 0);                                            // [samples]
        var mean = all.mean().item<double>();
        var error = all.std().item<double>() / Math.Sqrt(samples);
        return new DifferentialEntropy(-mean, error, string.Create(CultureInfo.InvariantCulture,
            $"Monte Carlo, −mean log p over {samples:N0} draws (seed {seed}); {method}"));
    }

    /// <summary>"3.4657 nats (closed form: …)" or "0.2517 ± 0.0021 nats (Monte Carlo …)".</summary>
    public override string ToString() => StandardError > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Nats:F4} ± {StandardError:F4} nats ({Method})")
        : string.Create(CultureInfo.InvariantCulture, $"{Nats:F4} nats ({Method})");
}
