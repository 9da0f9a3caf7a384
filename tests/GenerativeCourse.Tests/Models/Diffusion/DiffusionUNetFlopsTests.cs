using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>
/// <see cref="DiffusionUNet.ForwardFlops"/> against a count by hand of the layers the class documentation describes,
/// for C = 8, multipliers [1, 2], one block per level, 8 × 8 images read as pixels (p = 1) or 2 × 2 patches (p = 2).
/// </summary>
public sealed class DiffusionUNetFlopsTests
{
    public DiffusionUNetFlopsTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheFlopsAreTwiceTheMultiplyAddsOfEveryConvolutionAndLinearLayer(int patch)
    {
        int image = patch * patch, s = 8 / patch, h = s / 2;   // channels read, side of level 0, side of level 1
        // (in, out, kernel, side of the output) of every convolution, in the order of the forward pass. Level 0 has
        // C = 8 channels, level 1 has 16; E = 4C = 32.
        (int In, int Out, int K, int Side)[] convolutions =
        [
            (image, 8, 3, s),                                 // stem
            (8, 8, 3, s), (8, 8, 3, s),                        // down, level 0: conv₁, conv₂ (8 → 8, no 1×1 skip)
            (8, 8, 3, h),                                      // stride-2 downsampling: its outputs are h × h
            (8, 16, 3, h), (16, 16, 3, h), (8, 16, 1, h),      // down, level 1: 8 → 16 with a 1×1 skip
            (16, 16, 3, h), (16, 16, 3, h),                    // middle block 1
            (16, 16, 3, h), (16, 16, 3, h),                    // middle block 2
            (16 + 16, 16, 3, h), (16, 16, 3, h), (32, 16, 1, h), // up, level 1: h ⧺ the level-1 block's skip
            (16 + 8, 16, 3, h), (16, 16, 3, h), (24, 16, 1, h),  //   then h ⧺ the downsampling's skip
            (16, 16, 3, s),                                    // nearest upsampling, then a 3×3 convolution at s
            (16 + 8, 8, 3, s), (8, 8, 3, s), (24, 8, 1, s),    // up, level 0: h ⧺ the level-0 block's skip
            (8 + 8, 8, 3, s), (8, 8, 3, s), (16, 8, 1, s),     //   then h ⧺ the stem's skip
            (8, image, 3, s),                                  // out
        ];
        (int In, int Out)[] linears =
        [
            (8, 32), (32, 32),                                 // time MLP: sinusoid of size C → E → E
            (32, 8), (32, 16), (32, 16), (32, 16),             // each block's projection of the embedding, down and middle
            (32, 16), (32, 16), (32, 8), (32, 8),              // and up
        ];
        var expected = convolutions.Sum(c => 2.0 * c.In * c.Out * c.K * c.K * c.Side * c.Side) + linears.Sum(l => 2.0 * l.In * l.Out);

        using var network = new DiffusionUNet(new DiffusionUNetOptions(Channels: 8, Multipliers: [1, 2], ImageSide: 8, Groups: 4, PatchSize: patch));

        // The list above is the network's layers: the same weight shapes, no more, no fewer.
        static string Shapes(IEnumerable<long[]> shapes) => string.Join(" ", shapes.Select(s => string.Join("×", s)).Order(StringComparer.Ordinal));
        var weights = network.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal) && !p.name.Contains("norm", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Shapes(convolutions.Select(c => new long[] { c.Out, c.In, c.K, c.K })), Shapes(weights.Where(w => w.parameter.dim() == 4).Select(w => w.parameter.shape)));
        Assert.Equal(Shapes(linears.Select(l => new long[] { l.Out, l.In })), Shapes(weights.Where(w => w.parameter.dim() == 2).Select(w => w.parameter.shape)));
        Assert.Equal(expected, network.ForwardFlops);
        // The sums, also added up separately in Python: 1,889,280 FLOPs with p = 1; 493,056 with p = 2, where every level
        // has a quarter of the positions and only the stem and the out convolution grow (4 channels instead of 1).
        Assert.Equal(patch == 1 ? 1_889_280 : 493_056, expected);
    }
}
