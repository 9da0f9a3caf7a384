using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.EnergyBased;

public sealed class RbmPartitionFunctionTests
{
    public RbmPartitionFunctionTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EnumeratingTheVisibleStatesGivesTheSameLogZAsEnumeratingTheHiddenStates()
    {
        using var scope = NewDisposeScope();
        using var rbm = RbmTests.Random(10, 7, seed: 11, scale: 1.0);

        var overVisible = RbmPartitionFunction.OverVisible(rbm);
        var overHidden = RbmPartitionFunction.OverHidden(rbm);
        var bruteForce = RbmTests.BruteForceLogZ(rbm).item<double>();

        // float64 log-sum-exps of 2^10 and 2^7 terms (and 2^17 pairs): rounding ~1e-13 relative.
        Assert.Equal(bruteForce, overVisible.LogZ, 1e-9);
        Assert.Equal(bruteForce, overHidden.LogZ, 1e-9);
        Assert.Equal(LogPartitionMethod.ExactOverVisible, overVisible.Method);
        Assert.True(overHidden.IsExact);
    }

    [Fact]
    public void ChunkedEnumerationOfMoreThanOneChunkMatchesTheVisibleSum()
    {
        using var scope = NewDisposeScope();
        // 16 hidden units: 2^16 states in 4 chunks of 2^14; 5 visible units give the reference over 2^5 states.
        using var rbm = RbmTests.Random(5, 16, seed: 12, scale: 0.7);

        Assert.Equal(RbmPartitionFunction.OverVisible(rbm).LogZ, RbmPartitionFunction.OverHidden(rbm).LogZ, 1e-9);
    }

    [Fact]
    public void ExactRefusesModelsWhoseLayersAreBothTooLarge()
    {
        using var rbm = new Rbm(new RbmOptions(21, 21));

        var error = Assert.Throws<ArgumentException>(() => RbmPartitionFunction.Exact(rbm));

        Assert.Contains("AnnealedImportanceSampling", error.Message, StringComparison.Ordinal);
    }
}
