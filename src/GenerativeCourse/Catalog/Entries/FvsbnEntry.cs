using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>FVSBN (chapter 01–02): a logistic regression per pixel on the pixels before it, started as the
/// independent-pixel model (<see cref="Fvsbn.InitialiseOutputBias"/>); exact NLL.</summary>
public sealed class FvsbnEntry : CatalogEntry
{
    private static readonly FvsbnOptions Options = new(MnistDigits.PixelsPerImage);

    public override string Name => "fvsbn";

    public override string Title => "FVSBN (Frey 1998; Gan et al. 2015)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.005, batches of 100";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 20;

    public override string OptionsText => "FvsbnOptions(784), output bias at the log-odds of the static-binary training marginals; Adam 0.005; batch 100";

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = new Fvsbn(Options);   // starts from zero weights: nothing random to seed
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);   // the independent-pixel model, as in chapter 02
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), learningRate: 0.005);
    }
}
