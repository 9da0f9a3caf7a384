using System.Runtime.InteropServices;
using TorchSharp;

namespace GenerativeCourse.Benchmarks;

/// <summary>The machine a benchmark ran on, with its measured matmul throughput.</summary>
/// <param name="Cpu">CPU model name (from /proc/cpuinfo on Linux), or the architecture.</param>
/// <param name="LogicalCores">Environment.ProcessorCount.</param>
/// <param name="TorchThreads">TorchSharp's intra-op threads.</param>
/// <param name="OperatingSystem">OS description.</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="TorchSharpVersion">Version of the TorchSharp assembly.</param>
/// <param name="Peak">float32 [1024×1024]·[1024×1024]: the machine's matmul peak.</param>
/// <param name="AtLayerShape">float32 [100×784]·[784×500], the first layer of MADE (or the VAE's encoder) with a
/// batch of 100: what one of the course's training matmuls can reach.</param>
public sealed record MachineFacts(
    string Cpu,
    int LogicalCores,
    int TorchThreads,
    string OperatingSystem,
    string Runtime,
    string TorchSharpVersion,
    MatmulThroughput Peak,
    MatmulThroughput AtLayerShape)
{
    /// <summary>
    /// The better of the two measured throughputs, in GFLOP/s: the peak the training fractions are relative to. (On a
    /// busy machine the large product can come out below the small one; the peak is what the machine did reach.)
    /// </summary>
    public double PeakGflopsPerSecond => Math.Max(Peak.GflopsPerSecond, AtLayerShape.GflopsPerSecond);

    /// <summary>"CPU name, 2 logical cores, 2 TorchSharp threads": the machine in one phrase.</summary>
    public string Summary => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"{Cpu}, {LogicalCores} logical cores, {TorchThreads} TorchSharp threads");

    /// <summary>
    /// These facts with each throughput the better of this measurement and <paramref name="other"/>'s. A benchmark
    /// measures at its start and again at its end: a measurement taken while something else briefly used the cores
    /// (measured: 94 instead of 170 GFLOP/s right after <c>dotnet run</c> had built the project) would otherwise
    /// make every fraction of the peak too large, even above 100 %.
    /// </summary>
    public MachineFacts WithBetterThroughputs(MachineFacts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Peak = Peak.GflopsPerSecond >= other.Peak.GflopsPerSecond ? Peak : other.Peak,
            AtLayerShape = AtLayerShape.GflopsPerSecond >= other.AtLayerShape.GflopsPerSecond ? AtLayerShape : other.AtLayerShape,
        };
    }

    /// <summary>Describes this machine and measures both matmul throughputs (a few seconds).</summary>
    public static MachineFacts Measure() => new(
        CpuName(),
        Environment.ProcessorCount,
        torch.get_num_threads(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        MatmulThroughput.Measure(),
        MatmulThroughput.Measure(100, 784, 500));

    private static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
