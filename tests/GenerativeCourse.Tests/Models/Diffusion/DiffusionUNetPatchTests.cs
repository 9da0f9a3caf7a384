using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>PatchSize p: the U-Net reads p × p patches as channels and returns ε̂ on the pixels.</summary>
public sealed class DiffusionUNetPatchTests
{
    public DiffusionUNetPatchTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TwoByTwoPatchesOfADigitGiveANoiseOfTheDigitsShape()
    {
        using var scope = NewDisposeScope();
        var options = new DiffusionUNetOptions(Channels: 8, Multipliers: [1, 2], Classes: 10, Groups: 4, PatchSize: 2);
        using var network = new DiffusionUNet(options, new Generator(1));
        var x = randn([3, 1, 28, 28], generator: new Generator(2));
        using var noGrad = no_grad();

        var noise = network.PredictNoise(x, tensor(new long[] { 1, 500, 1000 }), tensor(new long[] { 0, 4, -1 }));

        Assert.Equal(new long[] { 3, 1, 28, 28 }, noise.shape);
        Assert.True(noise.isfinite().all().item<bool>());
        Assert.Equal((14, 4), (options.InnerSide, options.InnerChannels));
        // The stem reads the 4 channels of the 2 × 2 patches; the last convolution writes 4 channels that are shuffled
        // back to the 28 × 28 pixels.
        var weights = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { 8, 4, 3, 3 }, weights["stem.weight"]);
        Assert.Equal(new long[] { 4, 8, 3, 3 }, weights["out.weight"]);
    }

    [Theory]
    [InlineData(3, "The patch size must be ≥ 1 and divide the side 28, got 3.")]
    [InlineData(0, "The patch size must be ≥ 1 and divide the side 28, got 0.")]
    public void APatchThatDoesNotDivideTheSideIsRefused(int patch, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new DiffusionUNet(new DiffusionUNetOptions(Channels: 8, Multipliers: [1, 2], Groups: 4, PatchSize: patch)));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeLevelsDoNotFitTheFourteenPixelSideOfTwoByTwoPatches()
    {
        // 28 / 2 = 14 halves once to 7, not twice.
        var error = Assert.Throws<ArgumentException>(() => new DiffusionUNet(new DiffusionUNetOptions(Channels: 8, Groups: 4, PatchSize: 2)));
        Assert.Contains("the side after patching, 14, must be divisible by 4", error.Message, StringComparison.Ordinal);
    }
}
