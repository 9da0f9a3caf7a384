using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class FlowLayerTests
{
    private readonly ITestOutputHelper _output;

    public FlowLayerTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        _output = output;
    }

    public static TheoryData<string> Layers => new()
    {
        "coupling alternating", "coupling checkerboard", "coupling channel", "actnorm", "shuffle", "reverse", "sequence", "gaussian made",
    };

    /// <summary>A layer of the named kind with D = 6, random parameters, in <paramref name="dtype"/>.</summary>
    private static FlowLayer Create(string kind, ScalarType dtype)
    {
        const int D = 6;
        FlowLayer layer = kind switch
        {
            "coupling alternating" => new AffineCoupling(CouplingMasks.Alternating(D, 1), hidden: 16, generator: new Generator(1)),
            "coupling checkerboard" => new AffineCoupling(CouplingMasks.Checkerboard(1, 2, 3, 0), hidden: 16, generator: new Generator(2)),
            "coupling channel" => new AffineCoupling(CouplingMasks.Channel(2, 1, 3, 0), hidden: 16, generator: new Generator(3)),
            "actnorm" => new ActNorm(D),
            "shuffle" => Permutation.Shuffle(D, 5),
            "reverse" => Permutation.Reverse(D),
            "gaussian made" => new GaussianMade(D, [16, 16], maskSeed: 4, generator: new Generator(4)),
            _ => new FlowSequence([
                new ActNorm(D),
                new AffineCoupling(CouplingMasks.Alternating(D, 0), hidden: 16, generator: new Generator(6)),
                Permutation.Shuffle(D, 7),
                new AffineCoupling(CouplingMasks.Alternating(D, 1), hidden: 16, generator: new Generator(8)),
            ]),
        };
        layer.to(dtype);
        FlowChecks.Randomise(layer, 11, std: kind == "gaussian made" ? 0.2 : 0.5);
        layer.eval(); // no data-dependent initialisation: the random ActNorm parameters are kept
        return layer;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void InverseOfForwardReturnsTheInputToOneInHundredThousandInFloat32(string kind)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var layer = Create(kind, float32);
        var x = randn([256, 6], generator: new Generator(20)) * 2;

        var error = (layer.Inverse(layer.forward(x).Z) - x).abs().max().item<float>();

        // Each step rounds to float32 (relative 6e-8) on values up to tens, and an inverse coupling can amplify the
        // error by e^γ; the four-layer sequence is the worst at 6.8e-6 (measured). A wrong inverse misses by O(1).
        _output.WriteLine($"{kind}: max |f⁻¹(f(x)) − x| = {error:E2}");
        Assert.True(error < 1e-5, $"{kind}: max |f⁻¹(f(x)) − x| = {error}");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void ForwardOfInverseReturnsTheLatentToOneInHundredThousandInFloat32(string kind)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var layer = Create(kind, float32);
        var z = randn([256, 6], generator: new Generator(21)) * 2;

        var error = (layer.forward(layer.Inverse(z)).Z - z).abs().max().item<float>();

        _output.WriteLine($"{kind}: max |f(f⁻¹(z)) − z| = {error:E2}");
        Assert.True(error < 1e-5, $"{kind}: max |f(f⁻¹(z)) − z| = {error}");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void LogDetEqualsAutogradLogAbsDetOfTheFullJacobian(string kind)
    {
        using var scope = NewDisposeScope();
        using var layer = Create(kind, float64);
        var x = randn([8, 6], float64, generator: new Generator(22));

        var reported = layer.forward(x).LogDet;
        var expected = FlowChecks.AutogradLogAbsDet(layer, x);

        // Both in float64: agreement to 1e-9 leaves room only for rounding; a missing term (the scale γ, a
        // masked dimension counted) is off by O(0.1) or more with these random parameters.
        Assert.Equal(new long[] { 8 }, reported.shape);
        for (var b = 0; b < 8; b++)
        {
            Assert.Equal(expected[b], reported[b].item<double>(), 1e-9);
        }
    }

    [Fact]
    public void CouplingLeavesTheMaskedHalfUnchangedAndIsTheIdentityWhenNew()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var fresh = new AffineCoupling(CouplingMasks.Alternating(4, 0), hidden: 8, generator: new Generator(1));
        var x = randn([16, 4], generator: new Generator(2));

        var (z, logDet) = fresh.forward(x);
        Assert.True(z.equal(x).all().item<bool>());
        Assert.Equal(0f, logDet.abs().max().item<float>());

        FlowChecks.Randomise(fresh, 3);
        var changed = fresh.forward(x).Z;
        Assert.True(changed[.., 0].equal(x[.., 0]).all().item<bool>() && changed[.., 2].equal(x[.., 2]).all().item<bool>());
        Assert.True((changed[.., 1] - x[.., 1]).abs().max().item<float>() > 1e-2);
    }

    [Fact]
    public void MasksHaveTheirPatterns()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([1f, 0f, 1f, 0f, 1f], CouplingMasks.Alternating(5, 0).data<float>().ToArray());
        // 2 × 3 image: rows (1 0 1), (0 1 0); 2 × 2 with parity 1: rows (0 1), (1 0) in both channels.
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f], CouplingMasks.Checkerboard(1, 2, 3, 0).data<float>().ToArray());
        Assert.Equal([0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f], CouplingMasks.Checkerboard(2, 2, 2, 1).data<float>().ToArray());
        Assert.Equal([1f, 1f, 0f, 0f], CouplingMasks.Channel(2, 1, 2, 0).data<float>().ToArray());
    }

    [Fact]
    public void ActNormInitialisesToZeroMeanUnitVarianceOnTheFirstTrainingBatch()
    {
        using var scope = NewDisposeScope();
        using var layer = new ActNorm(3);
        var x = (randn([500, 3], float32, generator: new Generator(4)) * tensor(new[] { 0.1f, 2f, 7f })) + tensor(new[] { 5f, -1f, 0f });
        layer.train();

        var (z, logDet) = layer.forward(x);
        Assert.True(layer.IsInitialised);
        // Exact up to float32 rounding of the mean and std of 500 values.
        Assert.True(z.mean([0]).abs().max().item<float>() < 1e-5);
        Assert.True((z.std(0) - 1).abs().max().item<float>() < 1e-5);
        var expectedLogDet = -x.std(0).log().sum().item<float>();
        Assert.Equal(expectedLogDet, logDet[0].item<float>(), 1e-4);

        // The second batch does not re-initialise.
        var before = layer.Bias.clone();
        layer.forward(x * 3);
        Assert.True(layer.Bias.equal(before).all().item<bool>());
    }

    [Fact]
    public void MasksAndPermutationsFollowTheModuleToDoublePrecisionAndAreSaved()
    {
        using var scope = NewDisposeScope();
        using var coupling = new AffineCoupling(CouplingMasks.Alternating(4, 1), hidden: 8, generator: new Generator(1));
        using var permutation = Permutation.Shuffle(4, 9);
        coupling.to(float64);
        permutation.to(float64);
        Assert.Equal(float64, coupling.Mask.dtype);
        Assert.Contains("mask", coupling.state_dict().Keys);
        Assert.Contains("permutation", permutation.state_dict().Keys);
    }
}
