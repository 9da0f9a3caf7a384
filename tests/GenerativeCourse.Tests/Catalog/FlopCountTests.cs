using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Catalog;

public sealed class FlopCountTests
{
    public FlopCountTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void NadeForwardIsFourMultiplyAddsPerPixelAndHiddenUnitTimesTwo()
    {
        // The O(DH) algorithm: D·H multiply-adds for the running sums of W, D·H for the dot products with V.
        using var nade = new Nade(new NadeOptions(20, Hidden: 7), new torch.Generator(0));

        Assert.Equal(2.0 * ((20 * 7) + (20 * 7)), FlopCount.DenseForward(nade));
    }

    [Fact]
    public void MadeForwardCountsItsDenseMatricesWhateverTheMasks()
    {
        using var made = new Made(new MadeOptions(10, [6, 5]), new torch.Generator(0));

        Assert.Equal(2.0 * ((10 * 6) + (6 * 5) + (5 * 10)), FlopCount.DenseForward(made));
    }

    [Fact]
    public void AGanExampleCostsFourGeneratorAndNineDiscriminatorPasses()
    {
        Assert.Equal((4 * 10.0) + (9 * 100.0), FlopCount.Adversarial(10, 100));
        Assert.Equal(3 * 5.0, FlopCount.Training(5));
    }

    [Fact]
    public void DcganCountsEachConvolutionAtThePositionsItsKernelVisits()
    {
        using var run = ModelCatalog.Get("dcgan").Create(new RunSettings(Seed: 1, ExamplesPerEpoch: 100));
        // Width W, z of 100 (Dcgan): G = project 100→2W·7·7, up1 2W→W on 7×7 inputs, up2 W→1 on 14×14 inputs;
        // D = down1 1→W at 14×14 outputs, down2 W→2W at 7×7 outputs, output 2W·7·7→1; kernels 4×4.
        Assert.Equal(100, Recipes.Dcgan.Options.Latent);
        double w = Recipes.Dcgan.Options.Width;
        var generator = 2 * ((100 * 2 * w * 49) + (2 * w * w * 16 * 49) + (w * 16 * 196));
        var discriminator = 2 * ((w * 16 * 196) + (w * 2 * w * 16 * 49) + (2 * w * 49));

        Assert.Equal((4 * generator) + (9 * discriminator), run.TrainingFlopsPerExample);
    }

    [Fact]
    public void PixelCnnCountsEveryMaskedConvolutionAtEveryPixelMaskedTapsIncluded()
    {
        // 5 × 4 images, C = 2, two gated layers with k = 3. Weight entries out · in · kh · kw per convolution:
        // layer 1 (in 1): vertical 4·1·3·3 = 36, horizontal 4·1·1·3 = 12, vertical→horizontal 4·4 = 16, out 2·2 = 4;
        // layer 2 (in 2): vertical 4·2·3·3 = 72, horizontal 4·2·1·3 = 24, 16, 4; head 2·2 = 4; output 1·2 = 2.
        // 190 entries, each a multiply-add at each of the 20 pixels.
        using var pixelCnn = new PixelCnn(new PixelCnnOptions(Height: 5, Width: 4, Channels: 2, Layers: 2, FirstKernel: 3, Kernel: 3), new torch.Generator(0));

        Assert.Equal(2.0 * (36 + 12 + 16 + 4 + 72 + 24 + 16 + 4 + 4 + 2) * 20, FlopCount.MaskedConvolutions(pixelCnn, 5, 4));
    }

    [Fact]
    public void ContrastiveDivergenceCountsTwoPlusTwoKPlusFourProductsOfTheWeightMatrix()
    {
        // V = 6, H = 4, CD-5: reconstruction 2, Gibbs 2 · 5, statistics 4 → 16 multiply-adds per weight.
        using var rbm = new Rbm(new RbmOptions(Visible: 6, Hidden: 4), new torch.Generator(0));

        Assert.Equal(2.0 * 16 * 6 * 4, FlopCount.ContrastiveDivergence(rbm, steps: 5));
    }

    [Fact]
    public void CatalogueNamesAreUniqueAndFoundWhateverTheCase()
    {
        Assert.Equal(ModelCatalog.Names.Count, ModelCatalog.Names.Distinct().Count());
        Assert.All(ModelCatalog.All, entry => Assert.Same(entry, ModelCatalog.Get(entry.Name.ToUpperInvariant())));
        Assert.Null(ModelCatalog.Find("pixelgan"));
    }
}
