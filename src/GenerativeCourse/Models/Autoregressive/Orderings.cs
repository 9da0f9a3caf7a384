namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// Generation orders of the autoregressive models: <c>ordering[i]</c> is the variable produced i-th, and its
/// inverse, <c>position[v]</c>, says when variable v is produced.
/// </summary>
internal static class Orderings
{
    /// <summary>position[v] = i such that ordering[i] = v.</summary>
    public static int[] Positions(IReadOnlyList<int> ordering)
    {
        var position = new int[ordering.Count];
        for (var i = 0; i < ordering.Count; i++)
        {
            position[ordering[i]] = i;
        }

        return position;
    }

    /// <summary>Throws unless <paramref name="ordering"/> lists each of 0 … D−1 exactly once.</summary>
    public static void RequirePermutation(IReadOnlyList<int> ordering, int dimensions, string parameterName)
    {
        if (ordering.Count != dimensions || !ordering.Order().SequenceEqual(Enumerable.Range(0, dimensions)))
        {
            throw new ArgumentException(
                $"The ordering must list each of the {dimensions} variables 0 … {dimensions - 1} exactly once; got [{string.Join(", ", ordering)}].",
                parameterName);
        }
    }
}
