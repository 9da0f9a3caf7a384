using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>NADE (chapter 02) with H = 100 and its output bias started at the pixels' log-odds; exact NLL.</summary>
public sealed class NadeEntry : CatalogEntry
{
    private static readonly NadeOptions Options = new(MnistDigits.PixelsPerImage, Hidden: 100);

    public override string Name => "nade";

    public override string Title => "NADE (Larochelle & Murray 2011)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.005, batches of 100";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 20;

    public override string OptionsText => "NadeOptions(784, Hidden: 100), output bias at pixel log-odds; Adam 0.005; batch 100";

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Nade(Options, init);
        using (no_grad())
        {
            using var logOdds = PixelLogOdds();
            model.OutputBias.copy_(logOdds);
        }

        return new LossRun(this, settings, model,
            (x, _) => -model.LogProb(x).mean(),
            PixelEncoding.DynamicBinary,
            model.Sample,
            s => TestScores.ExactNll(model, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            learningRate: 0.005);
    }

    /// <summary>log(p/(1−p)) of each pixel's mean grey level over the training split, p clipped to [0.001, 0.999]: the
    /// independent-pixel model NADE starts from, instead of one that is wrong about every border pixel.</summary>
    internal static Tensor PixelLogOdds()
    {
        using var scope = NewDisposeScope();
        var p = MnistDigits.Train.Images().mean([0L]).clamp(1e-3, 1 - 1e-3);   // [784]
        return (p.log() - (1 - p).log()).MoveToOuterDisposeScope();
    }
}
