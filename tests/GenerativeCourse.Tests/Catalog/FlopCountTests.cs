using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Autoregressive;
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
        // Width 64, z of 100 (Dcgan): G = project 100→2W·7·7, up1 2W→W on 7×7 inputs, up2 W→1 on 14×14 inputs;
        // D = down1 1→W at 14×14 outputs, down2 W→2W at 7×7 outputs, output 2W·7·7→1; kernels 4×4.
        const double w = 64;
        var generator = 2 * ((100 * 2 * w * 49) + (2 * w * w * 16 * 49) + (w * 16 * 196));
        var discriminator = 2 * ((w * 16 * 196) + (w * 2 * w * 16 * 49) + (2 * w * 49));

        Assert.Equal((4 * generator) + (9 * discriminator), run.TrainingFlopsPerExample);
    }

    [Fact]
    public void CatalogueNamesAreUniqueAndFoundWhateverTheCase()
    {
        Assert.Equal(ModelCatalog.Names.Count, ModelCatalog.Names.Distinct().Count());
        Assert.All(ModelCatalog.All, entry => Assert.Same(entry, ModelCatalog.Get(entry.Name.ToUpperInvariant())));
        Assert.Null(ModelCatalog.Find("pixelgan"));
    }
}
