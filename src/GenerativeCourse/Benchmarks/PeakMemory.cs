using System.Diagnostics;
using System.Globalization;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// The peak working set (resident memory) of this process, resettable on Linux so each model of a benchmark gets its
/// own peak: writing 5 to <c>/proc/self/clear_refs</c> resets the kernel's high-water mark <c>VmHWM</c>
/// (proc(5)). Elsewhere the peak is <see cref="Process.PeakWorkingSet64"/>, which only grows, and
/// <see cref="CanReset"/> is false.
/// </summary>
public static class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";

    /// <summary>Whether <see cref="Reset"/> works here (Linux with a writable clear_refs).</summary>
    public static bool CanReset { get; } = OperatingSystem.IsLinux() && File.Exists(ClearRefs) && TryReset();

    /// <summary>Starts a new peak at the current working set, where the system allows it.</summary>
    public static void Reset()
    {
        if (CanReset)
        {
            TryReset();
        }
    }

    /// <summary>Bytes: the peak since the last <see cref="Reset"/> (or since the process started).</summary>
    public static long PeakBytes()
    {
        if (OperatingSystem.IsLinux() && File.Exists(Status))
        {
            foreach (var line in File.ReadLines(Status))
            {
                // "VmHWM:	  123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static bool TryReset()
    {
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
