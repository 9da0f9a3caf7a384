using System.Diagnostics;

namespace GenerativeCourse;

/// <summary>
/// Wall-clock seconds of one call, for the notebooks' speed comparisons (images per second of two samplers, say).
/// One run without warm-up: a rough figure for a chapter, not a benchmark; <c>gencourse bench</c> measures speed.
/// </summary>
public static class WallClock
{
    /// <summary>The seconds <paramref name="action"/> takes, by <see cref="Stopwatch"/>; it runs exactly once.</summary>
    public static double Seconds(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
