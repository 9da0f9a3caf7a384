using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

public sealed class SamplingConstraintsTests
{
    public SamplingConstraintsTests() => TorchSharpNative.EnsureLoaded();

    private static Ddpm Model(NoiseSchedule schedule) =>
        new(MixtureNoisePredictor.Gaussian(schedule, 0.0, 0.5, dimensions: 16), schedule, [1, 4, 4]);

    [Fact]
    public void InpaintingKeepsTheKnownPixelsAndFillsTheOthers()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(50, 1e-3, 0.2);
        var model = Model(schedule);
        var known = (rand([8, 1, 4, 4], generator: new Generator(1)) * 2) - 1;
        var mask = zeros(1, 1, 4, 4);
        mask[.., .., ..2, ..] = 1;                                                                      // the top half is known
        var generator = new Generator(2);
        var sample = model.SampleAncestral(8, generator: generator, constrain: SamplingConstraints.Inpainting(model.Process, known, mask, generator));
        // At the last step the known pixels are q(x_0 | x_0) = x_0 itself.
        Assert.True(allclose(sample * mask, known * mask, rtol: 0, atol: 1e-6));
        Assert.True(((sample - known) * (1 - mask)).abs().sum().item<float>() > 1, "the unknown pixels are sampled, not copied");
    }

    [Fact]
    public void SuperResolutionSamplesHaveTheLowResolutionImageAsTheirBlockAverages()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear(50, 1e-3, 0.2);
        var model = Model(schedule);
        var low = (rand([8, 1, 2, 2], generator: new Generator(3)) * 2) - 1;
        var generator = new Generator(4);
        var sample = model.SampleAncestral(8, generator: generator, constrain: SamplingConstraints.SuperResolution(model.Process, low, 2, generator));
        Assert.True(allclose(SamplingConstraints.Downsample(sample, 2), low, rtol: 0, atol: 1e-5));
        Assert.True((sample - SamplingConstraints.LowPass(sample, 2)).abs().sum().item<float>() > 1, "detail within the blocks is sampled");
        var lowPass = SamplingConstraints.LowPass(sample, 2);
        Assert.True(allclose(SamplingConstraints.LowPass(lowPass, 2), lowPass, rtol: 0, atol: 1e-6), "φ is a projection");
    }
}
