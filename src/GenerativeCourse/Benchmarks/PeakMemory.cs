using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// The peak working set (resident memory) of this process, resettable on Linux so each model of a benchmark gets its
/// own peak: writing 5 to <c>/proc/self/clear_refs</c> resets the kernel's high-water mark <c>VmHWM</c>
/// (proc(5)). Elsewhere the peak is <see cref="Process.PeakWorkingSet64"/>, which only grows, and
/// <see cref="CanReset"/> is false.
/// </summary>
/// <remarks>
/// The high-water mark restarts at the <i>current</i> working set, so memory that the previous model freed but the
/// process kept would count towards the next model's peak. <see cref="Reset"/> therefore first hands freed memory back:
/// a full garbage collection (with the finalizers of undisposed tensors), then glibc's <c>malloc_trim(0)</c>, which
/// returns the free pages of libtorch's heap. Without it, every model measured after MAF (about 2.9 GB) showed
/// nearly MAF's peak.
/// </remarks>
public static class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";

    /// <summary>Whether <see cref="Reset"/> works here (Linux with a writable clear_refs).</summary>
    public static bool CanReset { get; } = OperatingSystem.IsLinux() && File.Exists(ClearRefs) && TryReset();

    /// <summary>Returns freed memory to the system, then starts a new peak at the working set, where the system allows it.</summary>
    public static void Reset()
    {
        if (CanReset)
        {
            ReturnFreedMemory();
            TryReset();
        }
    }

    private static void ReturnFreedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): the peak may then include memory kept from the previous model.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

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
