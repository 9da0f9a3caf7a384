namespace GenerativeCourse.Evaluation;

/// <summary>
/// Percentiles of a sample without interpolation, numpy's "lower" and "higher" methods: the q-th percentile of n sorted
/// values v₀ ≤ … ≤ v_{n−1} lies at position q(n − 1)/100; "lower" takes v at its floor, "higher" at its ceiling. Used
/// where the paper's reference code uses them (<c>PerceptualPathLength</c>'s 1 %/99 % cut) and where a
/// threshold should be one of the observed values (<c>MemorisationCheck</c>).
/// </summary>
internal static class EmpiricalPercentile
{
    /// <summary>v at ⌊q(n − 1)/100⌋ of ascending <paramref name="sorted"/>, q in [0, 100].</summary>
    public static double Lower(IReadOnlyList<double> sorted, double q) => sorted[(int)Math.Floor(Position(sorted, q))];

    /// <summary>v at ⌈q(n − 1)/100⌉ of ascending <paramref name="sorted"/>, q in [0, 100].</summary>
    public static double Higher(IReadOnlyList<double> sorted, double q) => sorted[(int)Math.Ceiling(Position(sorted, q))];

    /// <summary>The usual median: the middle value, or the mean of the two middle values.</summary>
    public static double Median(IReadOnlyList<double> sorted) => (Lower(sorted, 50) + Higher(sorted, 50)) / 2;

    // q · (n − 1) / 100 in this order is exact for whole q, so a position that is an integer stays one.
    private static double Position(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("A percentile needs at least one value.", nameof(sorted));
        }

        if (!(q >= 0 && q <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Expected a percentile in [0, 100].");
        }

        return q * (sorted.Count - 1) / 100;
    }
}
