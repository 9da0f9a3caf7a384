using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

/// <summary>
/// The image layers of RealNVP — convolutional couplings with checkerboard and channel masks, the squeeze, and the
/// whole one-scale convolutional model — on a 1 × 4 × 4 image (D = 16), small enough for the full Jacobian.
/// </summary>
public sealed class ConvolutionalRealNvpTests
{
    private const int D = 16;
    private static readonly ImageShape Small = new(1, 4, 4);
    private readonly ITestOutputHelper _output;

    public ConvolutionalRealNvpTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    public static TheoryData<string> Kinds => new() { "checkerboard coupling", "channel coupling", "squeeze", "model", "factor out", "multi-scale model" };

    /// <summary>
    /// A layer of the named kind on 1 × 4 × 4 images (the channel coupling on the squeezed 4 × 2 × 2; the factoring
    /// around a residual coupling on the last 2 × 2 × 2 entries; the two-scale model on 1 × 8 × 4 images, D = 32, whose second
    /// scale squeezes 2 × 4 × 2 to 8 × 2 × 1), random parameters.
    /// </summary>
    private static FlowLayer Create(string kind, ScalarType dtype)
    {
        FlowLayer layer = kind switch
        {
            "checkerboard coupling" => new ConvAffineCoupling(Small, CouplingMasks.Checkerboard(1, 4, 4, 1), filters: 8, new Generator(1)),
            "channel coupling" => new ConvAffineCoupling(new ImageShape(4, 2, 2), CouplingMasks.Channel(4, 2, 2, 0), filters: 8, new Generator(2)),
            "squeeze" => new Squeeze(Small),
            "factor out" => new FactorOut(D, new ConvAffineCoupling(new ImageShape(2, 2, 2), CouplingMasks.Checkerboard(2, 2, 2, 0), filters: 8, new Generator(5), residualBlocks: 1), remaining: 8),
            "multi-scale model" => new RealNvp(
                new RealNvpOptions(32, Couplings: 2, Hidden: 8, Image: new(1, 8, 4), Convolutional: true, Scales: 2, ResidualBlocks: 1),
                new Generator(6)).Flow,
            _ => new RealNvp(new RealNvpOptions(D, Couplings: 2, Hidden: 8, Image: Small, Convolutional: true), new Generator(3)).Flow,
        };
        layer.to(dtype);
        // The whole model stacks nine couplings and six ActNorms: smaller random parameters keep its map moderate.
        FlowChecks.Randomise(layer, 11, std: kind.EndsWith("model", StringComparison.Ordinal) ? 0.1 : 0.3);
        layer.eval();
        return layer;
    }

    private static int DimensionsOf(string kind) => kind == "multi-scale model" ? 32 : D;

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InvertsToOneInHundredThousandInFloat32BothWays(string kind)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var layer = Create(kind, float32);
        var x = randn([128, DimensionsOf(kind)], generator: new Generator(20)) * 2;

        var backward = (layer.Inverse(layer.forward(x).Z) - x).abs().max().item<float>();
        var forward = (layer.forward(layer.Inverse(x)).Z - x).abs().max().item<float>();

        // As for the MLP couplings: float32 rounding (6e-8 relative) on values of a few units, amplified by at most
        // e^γ per coupling (six in the model, 1.9e-6 measured); a wrong mask or inverse misses by O(1).
        _output.WriteLine($"{kind}: max |f⁻¹(f(x)) − x| = {backward:E2}, max |f(f⁻¹(z)) − z| = {forward:E2}");
        Assert.True(backward < 1e-5, $"{kind}: max |f⁻¹(f(x)) − x| = {backward}");
        Assert.True(forward < 1e-5, $"{kind}: max |f(f⁻¹(z)) − z| = {forward}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LogDetEqualsAutogradLogAbsDetOfTheFullJacobian(string kind)
    {
        using var scope = NewDisposeScope();
        var layer = Create(kind, float64);
        var x = randn([6, DimensionsOf(kind)], float64, generator: new Generator(22));

        var reported = layer.forward(x).LogDet;
        var expected = FlowChecks.AutogradLogAbsDet(layer, x);

        // float64 both ways: 1e-9 leaves room only for rounding. A coupling that let a conditioning pixel be
        // transformed, or a convolution that saw a transformed pixel, would make the Jacobian non-triangular and
        // the two numbers differ by O(0.1).
        for (var b = 0; b < 6; b++)
        {
            Assert.Equal(expected[b], reported[b].item<double>(), 1e-9);
        }
    }

    [Fact]
    public void SqueezeMovesEachTwoByTwoBlockIntoFourChannels()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = arange(D, dtype: float32).reshape(1, D);                  // pixel (r, q) holds 4r + q

        var squeezed = new Squeeze(Small).forward(image).Z.reshape(4, 2, 2);

        // Channel 2i + j at (r, q) holds input pixel (2r + i, 2q + j): the block at the top left is 0, 1, 4, 5.
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                for (var r = 0; r < 2; r++)
                {
                    for (var q = 0; q < 2; q++)
                    {
                        Assert.Equal((4 * ((2 * r) + i)) + (2 * q) + j, squeezed[(2 * i) + j, r, q].item<float>());
                    }
                }
            }
        }
    }

    [Fact]
    public void ModelHasCheckerboardThenChannelThenCheckerboardCouplingsAroundOneSqueeze()
    {
        using var scope = NewDisposeScope();
        using var model = new RealNvp(new RealNvpOptions(784, Couplings: 3, Hidden: 4, UseActNorm: false, Image: new(1, 28, 28), Convolutional: true), new Generator(4));

        var layers = model.Flow.Layers;
        var couplings = layers.OfType<ConvAffineCoupling>().ToArray();

        Assert.Equal(10, layers.Count);
        Assert.IsType<Squeeze>(layers[3]);
        Assert.Equal(9, couplings.Length);
        for (var k = 0; k < 9; k++)
        {
            var shape = couplings[k].Shape;
            using var expected = k switch
            {
                < 3 => CouplingMasks.Checkerboard(1, 28, 28, k % 3 % 2),     // parities alternate within each block
                < 6 => CouplingMasks.Channel(4, 14, 14, k % 3 % 2),
                _ => CouplingMasks.Checkerboard(4, 14, 14, k % 3 % 2),
            };
            Assert.True(couplings[k].Mask.flatten().equal(expected).all().item<bool>(), $"coupling {k} on {shape}");
        }
    }

    [Fact]
    public void TwoScaleModelFactorsOutHalfTheChannelsAfterTheFirstSqueeze()
    {
        using var scope = NewDisposeScope();
        var options = new RealNvpOptions(784, Couplings: 2, Hidden: 4, UseActNorm: false, Image: new(1, 28, 28), Convolutional: true, Scales: 2, FullResolution: false);
        using var model = new RealNvp(options, new Generator(7));

        // Squeeze to 4 × 14 × 14, two channel couplings, then the first two channels leave and the inner flow works on
        // the other two: two checkerboard couplings on 2 × 14 × 14, a squeeze, two channel and two checkerboard couplings on 8 × 7 × 7.
        var layers = model.Flow.Layers;
        Assert.Equal(4, layers.Count);
        Assert.IsType<Squeeze>(layers[0]);
        var factor = Assert.IsType<FactorOut>(layers[3]);
        Assert.Equal(392, factor.Remaining);
        var inner = Assert.IsType<FlowSequence>(factor.Inner).Layers;
        Assert.Equal(7, inner.Count);
        Assert.IsType<Squeeze>(inner[2]);
        var shapes = layers.Concat(inner).OfType<ConvAffineCoupling>().Select(c => c.Shape).ToArray();
        Assert.Equal([new(4, 14, 14), new(4, 14, 14), new(2, 14, 14), new(2, 14, 14), new(8, 7, 7), new(8, 7, 7), new(8, 7, 7), new(8, 7, 7)], shapes);
    }
}
