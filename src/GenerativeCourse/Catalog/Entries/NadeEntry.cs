using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>NADE (chapter 02) with H = 100 and its output bias started at the pixels' log-odds (<see cref="Nade.InitialiseOutputBias"/>); exact NLL.</summary>
public sealed class NadeEntry : CatalogEntry
{
    private static readonly NadeOptions Options = new(MnistDigits.PixelsPerImage, Hidden: 100);

    public override string Name => "nade";

    public override string Title => "NADE (Larochelle & Murray 2011)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.005, batches of 100";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 20;

    public override string OptionsText => "NadeOptions(784, Hidden: 100), output bias at the log-odds of the static-binary training marginals; Adam 0.005; batch 100";

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Nade(Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), learningRate: 0.005);
    }
}
