using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>The DDPM's pixel scale: bytes → [−1, 1] examples (<see cref="Ddpm.ExamplesFromBytes"/>) → grey levels (<see cref="Ddpm.ToGrey"/>).</summary>
public sealed class DdpmPixelScaleTests
{
    public DdpmPixelScaleTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void BytesBecomeExamplesOnMinusOneToOneAndComeBackAsGreyLevels()
    {
        using var scope = NewDisposeScope();
        using var model = new DdpmModelOptions(new DiffusionUNetOptions(Channels: 8, Multipliers: [1, 2], Groups: 4, PatchSize: 2), Steps: 4).Build(new Generator(1));
        var bytes = randint(0, 256, [3, 784], generator: new Generator(2), dtype: ScalarType.Byte);
        bytes[0, 0] = tensor((byte)0);
        bytes[0, 1] = tensor((byte)255);

        var examples = model.ExamplesFromBytes(bytes);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, examples.shape);
        Assert.Equal(-1f, examples[0, 0, 0, 0].item<float>());
        Assert.Equal(1f, examples[0, 0, 0, 1].item<float>(), 6);

        var grey = Ddpm.ToGrey(examples);
        Assert.Equal(new long[] { 3, 784 }, grey.shape);
        Assert.True(allclose(grey, bytes.to_type(float32) / 255, rtol: 0, atol: 1e-6), "ToGrey inverts the byte scale, up to 255");

        // Samples may overshoot [−1, 1]: grey levels are clipped to [0, 1].
        var overshoot = Ddpm.ToGrey(tensor(new float[] { -1.5f, -1, 0, 1, 1.2f }).reshape(1, 5));
        Assert.Equal(new float[] { 0, 0, 0.5f, 1, 1 }, overshoot.data<float>().ToArray());
    }
}
