using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// MADE (chapter 02's best fixed-order model): one hidden layer of 500, a single fixed mask, the natural order, direct
/// input-to-output connections (the FVSBN inside MADE) and the output bias at the pixels' log-odds
/// (<see cref="Made.InitialiseOutputBias"/>); exact NLL.
/// </summary>
public sealed class MadeEntry : CatalogEntry
{
    private static readonly MadeOptions Options = new(MnistDigits.PixelsPerImage, [500], DirectConnections: true);

    public override string Name => "made";

    public override string Title => "MADE + direct connections (Germain et al. 2015)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.005, batches of 100";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 20;

    public override string OptionsText => "MadeOptions(784, [500], DirectConnections: true), one mask, output bias at the log-odds of the static-binary training marginals; Adam 0.005; batch 100";

    /// <summary>Sampling is D = 784 passes of the whole network, one pixel at a time: about 2.2 GFLOP per image
    /// (2.8 MFLOP per pass, of which 1.2 in the 784 × 784 direct connections).</summary>
    public override int? SampleLimit => 1000;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Made(Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), learningRate: 0.005);
    }
}
