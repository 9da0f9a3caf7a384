using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// MAF on digits (chapter 05): 5 Gaussian MADE layers with one hidden layer of 512, order reversed between layers, on
/// uniformly dequantized 8-bit images after the logit transform; scored in bits per dimension.
/// </summary>
public sealed class MafEntry : CatalogEntry
{
    private static readonly MafOptions Options = new(MnistDigits.PixelsPerImage, Layers: 5, HiddenSizes: [512]);

    public override string Name => "maf";

    public override string Title => "MAF (Papamakarios et al. 2017)";

    public override string Training => "8-bit digits, uniform dequantization + logit (α = 0.05), −log p, Adam 0.0001 (clipped at norm 10), batches of 100";

    public override QualityMetric Metric => QualityMetric.BitsPerDimension;

    public override int DefaultEpochs => 10;

    public override string OptionsText => "MafOptions(784, Layers: 5, HiddenSizes: [512]), LogitTransform(0.05); Adam 0.0001, clip 10; batch 100";

    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    /// <summary>Sampling inverts 5 × 784 MADE passes one pixel at a time: about 2 GFLOP per image.</summary>
    public override int? SampleLimit => 100;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        return FlowRun.Create(this, settings, new Maf(Options, init), learningRate: 1e-4, maxGradientNorm: 10);
    }
}
