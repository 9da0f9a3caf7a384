using GenerativeCourse.Data;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// P(x_d = 1) of each pixel over the statically binarized training split, <c>[784]</c>: what the binary
/// autoregressive entries pass to their <c>InitialiseOutputBias</c> (see <see cref="Models.Autoregressive.MarginalLogOdds"/>).
/// </summary>
internal static class TrainingMarginals
{
    /// <summary>The mean of the 50,000 statically binarized training images, float32 <c>[784]</c>; the caller disposes it.</summary>
    public static Tensor Compute()
    {
        using var images = Mnist.Train.Images(PixelEncoding.StaticBinary);   // [50000, 784]
        return images.mean([0L]);
    }
}
