namespace GenerativeCourse.Plots;

/// <summary>One named curve of a line chart: a metric per epoch or step.</summary>
/// <param name="Name">Legend entry, for example <c>"train"</c> or <c>"validation"</c>.</param>
/// <param name="Values">The metric, one value per point.</param>
/// <param name="Steps">Where each value was measured; by default 1, 2, …, n (epoch numbers).</param>
public sealed record Series(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Steps = null)
{
    /// <summary>The x coordinates: <see cref="Steps"/>, or 1…n when they are not given.</summary>
    internal IReadOnlyList<double> ResolveSteps()
    {
        if (Steps is null)
        {
            return Enumerable.Range(1, Values.Count).Select(i => (double)i).ToArray();
        }

        if (Steps.Count != Values.Count)
        {
            throw new ArgumentException($"Series '{Name}' has {Values.Count} values but {Steps.Count} steps; they must match.");
        }

        return Steps;
    }
}
