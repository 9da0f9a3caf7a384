using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// Measured single-precision matrix-multiply throughput of this machine with TorchSharp's CPU kernels (MKL/oneDNN
/// through libtorch) and the current intra-op thread count: the yardstick against which <c>gencourse bench</c>
/// reports each model's training speed.
/// </summary>
/// <param name="M">Rows of the left factor.</param>
/// <param name="K">Inner dimension.</param>
/// <param name="N">Columns of the right factor.</param>
/// <param name="Threads">torch.get_num_threads() during the measurement.</param>
/// <param name="GflopsPerSecond">2·M·K·N / seconds per product, best of several repetitions, in 10⁹ FLOP/s.</param>
public sealed record MatmulThroughput(int M, int K, int N, int Threads, double GflopsPerSecond)
{
    /// <summary>
    /// Times float32 products [M, K] × [K, N]: one warm-up, then the best of <paramref name="repetitions"/> runs of
    /// as many products as fill about <paramref name="secondsPerRepetition"/>. The best run is the machine's
    /// capability with the least interference from other processes.
    /// </summary>
    public static MatmulThroughput Measure(int m = 1024, int k = 1024, int n = 1024, int repetitions = 5, double secondsPerRepetition = 0.3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        using var scope = NewDisposeScope();
        using var generator = new torch.Generator(0);
        var a = randn([m, k], generator: generator);
        var b = randn([k, n], generator: generator);
        Product(a, b);                                                          // warm-up: thread pool, caches
        var clock = Stopwatch.StartNew();
        Product(a, b);
        var perProduct = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        var products = Math.Max(1, (int)(secondsPerRepetition / perProduct));
        var best = double.PositiveInfinity;
        for (var r = 0; r < repetitions; r++)
        {
            clock.Restart();
            for (var i = 0; i < products; i++)
            {
                Product(a, b);
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds / products);
        }

        return new MatmulThroughput(m, k, n, torch.get_num_threads(), 2.0 * m * k * n / best / 1e9);
    }

    private static void Product(Tensor a, Tensor b)
    {
        using var product = a.mm(b);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{GflopsPerSecond:F1} GFLOP/s (float32 [{M}×{K}]·[{K}×{N}], {Threads} threads)");
}
