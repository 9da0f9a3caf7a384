using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Models.Latent;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>The latent generators that the perceptual path length walks: the VAE's decoder mean and the DCGAN's generator.</summary>
public sealed class LatentGeneratorTests
{
    public LatentGeneratorTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TheVaesLatentGeneratorIsItsDecoderMean()
    {
        using var run = ModelCatalog.Get("vae").Create(Profile.Quick);
        var vae = (Vae)run.Module;
        using var z = randn(4, vae.Latent, generator: new torch.Generator(2));

        var latent = run.Latent!;
        using var images = latent.Generate(z);

        Assert.Equal(vae.Latent, latent.LatentSize);
        Assert.Equal(new long[] { 4, 784 }, images.shape);
        Assert.True(images.allclose(sigmoid(vae.Decode(z))), "G(z) should be σ(f_θ(z)), the Bernoulli means");
    }

    [Fact]
    public void TheDcgansLatentGeneratorIsItsGenerator()
    {
        using var run = ModelCatalog.Get("dcgan").Create(Profile.Quick);
        var gan = (Dcgan)run.Module;
        run.Module.eval();
        using var z = randn(4, gan.Latent, generator: new torch.Generator(2));

        using var images = run.Latent!.Generate(z);

        Assert.Equal(gan.Latent, run.Latent.LatentSize);
        Assert.True(images.eq(gan.Generate(z)).all().item<bool>(), "G(z) should be the generator's output");
    }

    [Theory]
    [InlineData("nade")]
    [InlineData("realnvp")]
    [InlineData("pixelcnn")]
    public void ModelsWithoutAGaussianCodeHaveNoLatentGenerator(string name)
    {
        using var run = ModelCatalog.Get(name).Create(Profile.Quick);

        Assert.Null(run.Latent);
    }
}
