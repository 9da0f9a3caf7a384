using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Probability;

public sealed class BinaryVectorsTests
{
    public BinaryVectorsTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void RowsAreTheBinaryNumbersInCountingOrder()
    {
        using var scope = NewDisposeScope();
        var rows = BinaryVectors.Enumerate(3);

        Assert.Equal(new long[] { 8, 3 }, rows.shape);
        float[] expected = [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1];
        Assert.Equal(expected, rows.data<float>().ToArray());
    }

    [Fact]
    public void IndexOfInvertsEnumerateAndEveryRowIsDistinct()
    {
        using var scope = NewDisposeScope();
        var rows = BinaryVectors.Enumerate(10, float64);

        var indices = BinaryVectors.IndexOf(rows).data<long>().ToArray();

        Assert.Equal(Enumerable.Range(0, 1024).Select(i => (long)i), indices);
        Assert.Equal(float64, rows.dtype);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BinaryVectors.MaxDimensions + 1)]
    public void DimensionsOutsideTheSupportedRangeAreRejected(int dimensions)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BinaryVectors.Enumerate(dimensions));
        Assert.Contains("2^D rows", error.Message, StringComparison.Ordinal);
    }
}
