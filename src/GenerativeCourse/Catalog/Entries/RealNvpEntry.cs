using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// RealNVP on digits (chapter 05): 4 checkerboard couplings with MLPs of 128 units, on uniformly dequantized 8-bit
/// images after the logit transform; scored in bits per dimension.
/// </summary>
public sealed class RealNvpEntry : CatalogEntry
{
    private static readonly RealNvpOptions Options = new(MnistDigits.PixelsPerImage, Couplings: 4, Hidden: 128, Image: new ImageShape(1, MnistDigits.Rows, MnistDigits.Columns));

    public override string Name => "realnvp";

    public override string Title => "RealNVP (Dinh et al. 2017)";

    public override string Training => "8-bit digits, uniform dequantization + logit (α = 0.05), −log p, Adam 0.001 (clipped at norm 100), batches of 100";

    public override QualityMetric Metric => QualityMetric.BitsPerDimension;

    public override int DefaultEpochs => 10;

    public override string OptionsText => "RealNvpOptions(784, Couplings: 4, Hidden: 128, Image: 1×28×28), LogitTransform(0.05); Adam 0.001, clip 100; batch 100";

    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new RealNvp(Options, init);
        return FlowRun.Create(this, settings, model);
    }
}

/// <summary>The training and scoring that RealNVP and MAF share.</summary>
internal static class FlowRun
{
    public static LossRun Create(CatalogEntry entry, RunSettings settings, NormalizingFlow model, double learningRate = 1e-3, double maxGradientNorm = 100)
    {
        var logit = new LogitTransform(model.Dimensions);
        return new LossRun(entry, settings, model,
            (bytes, epochNoise) => -Dequantization.LogProbOfBytes(model, logit, bytes, epochNoise).mean(),
            PixelEncoding.Raw,
            (n, g) => logit.Inverse(model.Sample(n, g)).clamp(0, 1),
            s => TestScores.BitsPerDimension(model, logit, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            learningRate: learningRate,
            maxGradientNorm: maxGradientNorm);
    }
}
