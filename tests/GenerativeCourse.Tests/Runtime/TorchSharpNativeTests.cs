using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Runtime;

public sealed class TorchSharpNativeTests
{
    [Fact]
    public void TensorOperationsWorkAfterSetup()
    {
        Course.Setup();

        using var scope = torch.NewDisposeScope();
        var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);          // [[0,1,2],[3,4,5]]
        var product = a.matmul(a.t());                                         // [[5,14],[14,50]]
        Assert.Equal(new float[] { 5, 14, 14, 50 }, product.data<float>().ToArray());

        var w = torch.tensor(new[] { 1.5f, -2f }, requires_grad: true);
        var loss = (w * w).sum();
        loss.backward();
        Assert.Equal(new[] { 3f, -4f }, w.grad!.data<float>().ToArray());     // d/dw Σw² = 2w, exact in float32
    }

    [Fact]
    public void SecondLoadReturnsTheFirstReportAndTheLibraryInUseExists()
    {
        var first = TorchSharpNative.EnsureLoaded();
        var second = TorchSharpNative.EnsureLoaded();

        Assert.Same(first, second);
        Assert.True(File.Exists(first.LoadedFrom), first.ToString());
        if (first.Repaired)
        {
            Assert.StartsWith(PatchedLibraryCache.DefaultRoot(), first.LoadedFrom, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ShippedLibraryIsRepairedExactlyWhenTheSystemLacksGlibcxx_3_4_32()
    {
        var report = TorchSharpNative.EnsureLoaded();

        Assert.Equal(!SystemLibStdCxxProvides(TorchSharpNative.UnusedVersion), report.Repaired);
    }

    /// <summary>Whether the libstdc++.so.6 the loader picks defines the version (its name is in the file's strings).</summary>
    private static bool SystemLibStdCxxProvides(string version)
    {
        var path = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .First(File.Exists);
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(version + "\0")) >= 0;
    }
}
