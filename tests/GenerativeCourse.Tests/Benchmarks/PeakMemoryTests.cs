using GenerativeCourse.Benchmarks;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Benchmarks;

public sealed class PeakMemoryTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void ResetStartsANewPeakBelowALargerEarlierOne()
    {
        Assert.True(PeakMemory.CanReset || !OperatingSystem.IsLinux(), "Linux allows resetting VmHWM through /proc/self/clear_refs.");
        if (!PeakMemory.CanReset)
        {
            return;   // elsewhere the peak only grows; nothing to check
        }

        TorchSharpNative.EnsureLoaded();
        long whileHeld;
        using (var block = torch.ones(128 * MiB))   // 512 MiB of float32, every page written
        {
            whileHeld = PeakMemory.PeakBytes();
            Assert.Equal(128 * MiB, block.sum().item<float>());
        }

        PeakMemory.Reset();
        var afterReset = PeakMemory.PeakBytes();

        Assert.True(whileHeld > 512 * MiB, $"peak while holding 512 MiB: {whileHeld / MiB} MiB");
        Assert.True(whileHeld - afterReset > 400 * MiB, $"peak {whileHeld / MiB} MiB before the reset, {afterReset / MiB} MiB after");
    }
}
