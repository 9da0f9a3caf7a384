using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class RealNvpImageTests
{
    private readonly ITestOutputHelper _output;

    public RealNvpImageTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    [Fact]
    public void ImageModelUsesCheckerboardMasksOfAlternatingParity()
    {
        using var scope = NewDisposeScope();
        using var model = new RealNvp(new RealNvpOptions(784, Couplings: 3, Hidden: 8, Image: new ImageShape(1, 28, 28)), new Generator(1));

        var couplings = model.Flow.Layers.OfType<AffineCoupling>().ToArray();

        Assert.Equal(3, couplings.Length);
        for (var k = 0; k < 3; k++)
        {
            using var expected = CouplingMasks.Checkerboard(1, 28, 28, k % 2);
            Assert.True(couplings[k].Mask.equal(expected).all().item<bool>());
        }

        Assert.Throws<ArgumentException>(() => new RealNvp(new RealNvpOptions(783, Image: new ImageShape(1, 28, 28))));
    }

    [Fact]
    public void LogDetOfASmallImageFlowWithLogitPreprocessingEqualsAutogradLogAbsDet()
    {
        using var scope = NewDisposeScope();
        using var model = new RealNvp(new RealNvpOptions(9, Couplings: 4, Hidden: 16, Image: new ImageShape(1, 3, 3)), new Generator(2));
        model.to(float64);
        FlowChecks.Randomise(model, 3, std: 0.3);
        model.eval();
        using var flow = new FlowSequence([new LogitTransform(9), model.Flow]);
        var x = rand([5, 9], float64, generator: new Generator(4));                   // dequantized pixels in [0, 1)

        var reported = flow.forward(x).LogDet;
        var expected = FlowChecks.AutogradLogAbsDet(flow, x);

        for (var b = 0; b < 5; b++)
        {
            Assert.Equal(expected[b], reported[b].item<double>(), 1e-9);
        }
    }

    [Fact]
    public void DigitsRoundTripThroughLogitAndFlowToOneInHundredThousandInFloat32()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = new RealNvp(new RealNvpOptions(784, Couplings: 4, Hidden: 32, Image: new ImageShape(1, 28, 28)), new Generator(5));
        FlowChecks.Randomise(model, 6, std: 0.05);
        model.eval();
        using var flow = new FlowSequence([new LogitTransform(784), model.Flow]);
        var pixels = Dequantization.Uniform(MnistDigits.Test.Images(PixelEncoding.Raw)[..64], new Generator(7));

        var error = (flow.Inverse(flow.forward(pixels).Z) - pixels).abs().max().item<float>();

        // Pixels lie in [0, 1]; the logit maps them to |w| ≤ 3 and back through a sigmoid whose slope is at most ¼,
        // so float32 rounding stays near 1e-7. A wrong mask or inverse misses by O(0.1).
        _output.WriteLine($"digits: max |f⁻¹(f(x)) − x| = {error:E2}");
        Assert.True(error < 1e-5, $"max |f⁻¹(f(x)) − x| = {error}");
    }
}
