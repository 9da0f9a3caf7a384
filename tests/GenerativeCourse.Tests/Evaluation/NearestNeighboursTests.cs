using GenerativeCourse.Evaluation;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class NearestNeighboursTests
{
    public NearestNeighboursTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void BlockwiseSearchFindsWhatTheFullDistanceMatrixFinds()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        // 9,000 reference rows span two slices of 8,192; 600 queries span two blocks of 512 rows each.
        var reference = randn(9000, 3, dtype: float64, generator: generator);
        var queries = randn(600, 3, dtype: float64, generator: generator);
        Assert.True(reference.shape[0] > NearestNeighbours.ReferenceRows);
        Assert.True(queries.shape[0] > NearestNeighbours.BlockElements / NearestNeighbours.ReferenceRows);

        var (distances, indices) = NearestNeighbours.Search(queries, reference, k: 4);
        var (expected, expectedIndices) = cdist(queries, reference).topk(4, 1, largest: false);   // [600, 4]
        // Both exact in float64 (cdist subtracts, Search recomputes the differences): equal to rounding.
        Assert.True(distances.allclose(expected, rtol: 0, atol: 1e-12));
        Assert.True(indices.eq(expectedIndices).all().item<bool>());
        Assert.True((distances.narrow(1, 1, 3) >= distances.narrow(1, 0, 3)).all().item<bool>());
    }

    [Fact]
    public void ACopyIsAtDistanceExactlyZero()
    {
        using var scope = NewDisposeScope();
        // Large values make the expansion ‖a‖² + ‖b‖² − 2aᵀb lose digits: ‖a‖² ≈ 7.8e7 here.
        var reference = (randn(50, 784, generator: new Generator(8)) * 300) + 100;
        var queries = reference.index_select(0, tensor(new long[] { 7, 42, 7 }));
        var (distances, indices) = NearestNeighbours.Search(queries, reference);
        Assert.Equal([0.0, 0.0, 0.0], distances.reshape(-1).data<double>().ToArray());
        Assert.Equal([7L, 42L, 7L], indices.reshape(-1).data<long>().ToArray());
    }

    [Fact]
    public void AsksForAsManyReferenceRowsAsNeighbours()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => NearestNeighbours.Search(zeros(5, 2), zeros(3, 2), k: 4));
        Assert.Equal("k", error.ParamName);
        Assert.Contains("only 3 rows", error.Message, StringComparison.Ordinal);
        var mismatch = Assert.Throws<ArgumentException>(() => NearestNeighbours.Search(zeros(5, 2), zeros(3, 4)));
        Assert.Equal("reference", mismatch.ParamName);
    }
}
