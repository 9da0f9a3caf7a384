using System.Globalization;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The spread of a result across random seeds: run the same experiment (train, sample, score) once per seed and report
/// mean ± sample standard deviation, as in "12.3 ± 0.4 (5 seeds)". One run's number says little when another seed
/// moves it by more than the gap between two models; reporting the spread over seeds is the remedy that Henderson et
/// al. (2018, "Deep Reinforcement Learning that Matters") and Lucic et al. (2018, "Are GANs Created Equal?") argue for.
/// </summary>
/// <remarks>
/// The name says what varies: only the seed, with everything else (recipe, data, budget) fixed. The standard deviation
/// s = √(Σ (v_i − v̄)² / (n − 1)) is the spread of a single run, what a reader who reruns with a new seed should
/// expect; <see cref="StandardError"/> = s/√n is the uncertainty of the mean. Both need n ≥ 2.
/// </remarks>
/// <param name="Mean">v̄ = (1/n) Σ v_i, in the unit of the values.</param>
/// <param name="StandardDeviation">s, divisor n − 1, in the same unit.</param>
/// <param name="Seeds">The seeds, in the order run.</param>
/// <param name="Values">The value of each seed's run, in the same order.</param>
public sealed record SeedSpread(double Mean, double StandardDeviation, IReadOnlyList<ulong> Seeds, IReadOnlyList<double> Values)
{
    /// <summary>n, the number of seeds.</summary>
    public int Count => Values.Count;

    /// <summary>s/√n, the standard error of <see cref="Mean"/>.</summary>
    public double StandardError => StandardDeviation / Math.Sqrt(Count);

    /// <summary>Runs <paramref name="run"/> once per seed, in order, and summarises the values.</summary>
    /// <param name="seeds">At least two distinct seeds.</param>
    /// <param name="run">The experiment: seed → a finite number (a score, a loss, nats per image).</param>
    /// <exception cref="ArgumentException">Fewer than two seeds, or a seed repeated.</exception>
    /// <exception cref="InvalidOperationException">A run returned NaN or ±∞ (the message names the seed).</exception>
    public static SeedSpread Run(IEnumerable<ulong> seeds, Func<ulong, double> run)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(run);
        var list = seeds.ToArray();
        if (list.Length < 2)
        {
            throw new ArgumentException(
                $"A spread across seeds needs at least two seeds, got {list.Length}: one run has no sample standard deviation.", nameof(seeds));
        }

        var repeated = list.GroupBy(s => s).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Seed {repeated.Key} appears {repeated.Count()} times; the runs would not be independent.", nameof(seeds));
        }

        var values = new double[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            values[i] = run(list[i]);
            if (!double.IsFinite(values[i]))
            {
                throw new InvalidOperationException($"The run with seed {list[i]} returned {values[i]}; a spread needs finite values.");
            }
        }

        var mean = values.Average();
        // Two passes (the mean first) instead of Σv² − n v̄², which loses the digits of a small spread around a large mean.
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return new SeedSpread(mean, Math.Sqrt(variance), list, values);
    }

    /// <summary>
    /// "mean ± s (n seeds)", both rounded at the decimal place of s's first significant digit (its second when that
    /// digit is 1, so 0.14 does not become 0.1): "12.3 ± 0.4 (5 seeds)", "88.41 ± 0.14 (3 seeds)", "1200 ± 300 (4 seeds)".
    /// Four decimals when all runs agree (s = 0).
    /// </summary>
    public override string ToString()
    {
        var places = 4;
        if (StandardDeviation > 0)
        {
            var exponent = (int)Math.Floor(Math.Log10(StandardDeviation));
            var leading = (int)(StandardDeviation / Math.Pow(10, exponent));
            places = -exponent + (leading == 1 ? 1 : 0);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Rounded(Mean, places)} ± {Rounded(StandardDeviation, places)} ({Count} seeds)");
    }

    /// <summary><paramref name="value"/> rounded at 10^−places: decimals when places ≥ 0, tens, hundreds … otherwise.</summary>
    private static string Rounded(double value, int places)
    {
        if (places >= 0)
        {
            return value.ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        var unit = Math.Pow(10, -places);
        return (Math.Round(value / unit, MidpointRounding.AwayFromZero) * unit).ToString("F0", CultureInfo.InvariantCulture);
    }
}
