using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>MADE (chapter 02): one hidden layer of 500, a single fixed mask and the natural order; exact NLL.</summary>
public sealed class MadeEntry : CatalogEntry
{
    private static readonly MadeOptions Options = new(MnistDigits.PixelsPerImage, [500]);

    public override string Name => "made";

    public override string Title => "MADE (Germain et al. 2015)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.005, batches of 100";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 12;

    public override string OptionsText => "MadeOptions(784, [500]), one mask; Adam 0.005; batch 100";

    /// <summary>Sampling is D = 784 passes of the whole network, one pixel at a time: about 1.2 GFLOP per image.</summary>
    public override int? SampleLimit => 1000;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Made(Options, init);
        return new LossRun(this, settings, model,
            (x, _) => -model.LogProb(x).mean(),
            PixelEncoding.DynamicBinary,
            model.Sample,
            s => TestScores.ExactNll(model, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            learningRate: 0.005);
    }
}
