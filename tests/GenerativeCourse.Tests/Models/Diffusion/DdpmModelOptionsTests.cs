using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>One record builds the DDPM: its schedule, its example shape, its reverse process, its seeded U-Net.</summary>
public sealed class DdpmModelOptionsTests
{
    public DdpmModelOptionsTests() => TorchSharpNative.EnsureLoaded();

    private static readonly DiffusionUNetOptions Network = new(Channels: 8, Multipliers: [1, 2], Classes: 3, ImageSide: 8, Groups: 4, PatchSize: 2);

    [Theory]
    [InlineData(NoiseScheduleKind.Linear)]
    [InlineData(NoiseScheduleKind.Cosine)]
    public void TheModelHasTheRecordsScheduleShapeAndProcess(NoiseScheduleKind kind)
    {
        var process = new DdpmOptions(ReverseVariance.Beta, LabelDropout: 0.25);
        using var model = new DdpmModelOptions(Network, kind, Steps: 40, process).Build(new Generator(1));
        var reference = kind == NoiseScheduleKind.Linear ? NoiseSchedule.Linear(40) : NoiseSchedule.Cosine(40);

        Assert.Equal((kind, 40), (model.Schedule.Kind, model.Schedule.Steps));
        Assert.All(new[] { 1, 20, 40 }, t => Assert.Equal(reference.Beta(t), model.Schedule.Beta(t)));
        Assert.Same(process, model.Options);
        Assert.Equal(64, model.Dimensions);                                         // [1, 8, 8]
        Assert.Same(Network, Assert.IsType<DiffusionUNet>(model.Network).Options);
        using var loss = model.Loss(randn([2, 1, 8, 8]), tensor(new long[] { 0, 2 }), new Generator(2));
        Assert.True(loss.isfinite().item<bool>());
        Assert.Contains("[batch, 1, 8, 8]", Assert.Throws<ArgumentException>(() => model.Loss(randn([2, 1, 28, 28]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameSeedBuildsTheSameWeightsAndAnotherSeedOthers()
    {
        var options = new DdpmModelOptions(Network, Steps: 10);
        using var first = options.Build(new Generator(3));
        using var second = options.Build(new Generator(3));
        using var other = options.Build(new Generator(4));

        var names = first.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(names, second.named_parameters().Select(p => p.name));
        Assert.All(first.parameters().Zip(second.parameters()), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        // Norms start at 1 and 0 whatever the seed; every other tensor is drawn.
        var drawn = first.named_parameters().Zip(other.parameters()).Where(p => !p.First.name.Contains("norm", StringComparison.Ordinal));
        Assert.All(drawn, p => Assert.False(p.First.parameter.equal(p.Second).all().item<bool>(), p.First.name));
    }
}
