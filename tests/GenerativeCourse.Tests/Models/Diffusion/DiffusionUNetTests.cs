using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

public sealed class DiffusionUNetTests
{
    private readonly ITestOutputHelper output;

    public DiffusionUNetTests(ITestOutputHelper output)
    {
        TorchSharpNative.EnsureLoaded();
        this.output = output;
    }

    private static DiffusionUNetOptions Small(int classes) => new(Channels: 8, Multipliers: [1, 2], Classes: classes, ImageSide: 8, Groups: 4);

    [Fact]
    public void OutputHasTheInputsShapeAndDependsOnTheStepAndTheLabel()
    {
        using var scope = NewDisposeScope();
        using var network = new DiffusionUNet(new DiffusionUNetOptions(Channels: 8, Classes: 10, Groups: 4), new Generator(1));
        var x = randn([3, 1, 28, 28], generator: new Generator(2));
        var t = tensor(new long[] { 1, 500, 1000 });
        var labels = tensor(new long[] { 0, 4, 9 });
        using var noGrad = no_grad();
        var conditional = network.PredictNoise(x, t, labels);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, conditional.shape);
        Assert.True(conditional.isfinite().all().item<bool>());

        // Every example's output moves when only its label, only its step, or only the null label changes (by more
        // than float32 noise: the embeddings enter every block).
        static double Change(Tensor a, Tensor b) => (a - b).abs().flatten(1).max(1).values.min().item<float>();
        Assert.True(Change(conditional, network.PredictNoise(x, t, tensor(new long[] { 1, 5, 8 }))) > 1e-4, "label");
        Assert.True(Change(conditional, network.PredictNoise(x, t, full(3, DiffusionUNet.NullLabel, dtype: int64))) > 1e-4, "null label");
        Assert.True(Change(conditional, network.PredictNoise(x, t + 7, labels)) > 1e-4, "step");
        Assert.True(allclose(network.PredictNoise(x, t), network.PredictNoise(x, t, full(3, -1L, dtype: int64))), "no labels is ∅");
        Assert.True(network.PredictNoise(x, t, labels).equal(conditional).all().item<bool>(), "deterministic in eval and train without dropout");

        // Examples do not talk to each other (group norm is per example): the first output ignores the others' inputs.
        var changed = x.clone();
        changed[1] = randn([1, 28, 28], generator: new Generator(3));
        Assert.True(network.PredictNoise(changed, t, labels)[0].equal(conditional[0]).all().item<bool>());
    }

    [Fact]
    public void EveryParameterGetsAGradientAndTheSameSeedGivesTheSameNetwork()
    {
        using var scope = NewDisposeScope();
        using var network = new DiffusionUNet(Small(3), new Generator(4));
        using var twin = new DiffusionUNet(Small(3), new Generator(4));
        var x = randn([4, 1, 8, 8], generator: new Generator(5));
        var loss = network.PredictNoise(x, tensor(new long[] { 1, 2, 3, 4 }), tensor(new long[] { 0, 1, 2, -1 })).square().sum();
        loss.backward();
        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, $"{name} gets no gradient");
        }

        // Every input channel of every convolution matters (a skip connection concatenated but unused would leave its
        // channels' weights without gradient).
        foreach (var (name, parameter) in network.named_parameters().Where(p => p.parameter.dim() == 4))
        {
            var perInput = parameter.grad!.abs().sum([0, 2, 3]);                                       // [in]
            Assert.True((perInput > 0).all().item<bool>(), $"{name}: an input channel gets no gradient");
        }

        Assert.All(network.parameters().Zip(twin.parameters()), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        Assert.True(network.named_parameters().Where(p => p.name.Contains("norm", StringComparison.Ordinal) && p.name.EndsWith("weight", StringComparison.Ordinal))
            .All(p => p.parameter.eq(1).all().item<bool>() || p.parameter.grad is not null), "group norms start as the identity");
    }

    [Fact]
    public void BadShapesAndLabelsAreRefusedWithTheirReason()
    {
        using var scope = NewDisposeScope();
        using var unconditional = new DiffusionUNet(Small(0), new Generator(6));
        using var conditional = new DiffusionUNet(Small(3), new Generator(6));
        var x = randn([2, 1, 8, 8]);
        var t = tensor(new long[] { 1, 2 });
        Assert.Contains("unconditional", Assert.Throws<ArgumentException>(() => unconditional.PredictNoise(x, t, tensor(new long[] { 0, 1 }))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => conditional.PredictNoise(x, t, tensor(new long[] { 0, 3 })));
        Assert.Contains("[batch, 1, 8, 8]", Assert.Throws<ArgumentException>(() => conditional.PredictNoise(randn([2, 1, 7, 7]), t)).Message);
        Assert.Contains("divisible by 4", Assert.Throws<ArgumentException>(() => new DiffusionUNet(new DiffusionUNetOptions(ImageSide: 30))).Message);
    }

    [Fact]
    public void DefaultNetworkParameterCount()
    {
        using var network = new DiffusionUNet(new DiffusionUNetOptions(Classes: 10), new Generator(7));
        var count = network.parameters().Sum(p => p.numel());
        output.WriteLine($"default DiffusionUNet (C = 32, [1, 2, 2], 1 block per level, 10 classes): {count:N0} parameters");
        // A pin, so a change of architecture is a conscious one (the count is reported in the chapter and the recipe).
        Assert.Equal(ExpectedDefaultParameters, count);
    }

    private const long ExpectedDefaultParameters = 1_047_137;
}
