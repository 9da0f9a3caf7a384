using GenerativeCourse.Data;
using TorchSharp;

namespace GenerativeCourse.Tests.Data;

/// <summary>Without an explicit generator the loaders draw from TorchSharp's default one, seeded by <see cref="Course.Setup"/>.</summary>
public sealed class DigitDefaultGeneratorTests
{
    [Fact]
    public void CourseSeedMakesShufflesAndDynamicBinarizationReproducible()
    {
        Course.Setup(seed: 21);
        var first = FirstBatch();
        Course.Setup(seed: 21);
        var second = FirstBatch();
        Course.Setup(seed: 22);
        var other = FirstBatch();

        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Images, second.Images);
        Assert.NotEqual(first.Indices, other.Indices);
    }

    private static (int[] Indices, float[] Images) FirstBatch()
    {
        using var batch = MnistDigits.Validation.Batches(32, PixelEncoding.DynamicBinary).First();
        return (batch.Indices.ToArray(), batch.Images.data<float>().ToArray());
    }
}
