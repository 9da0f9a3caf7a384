using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// Gated PixelCNN (chapter 08): 6 gated layers (the first 7 × 7 with mask A, the others 3 × 3) of 16 channels, pixel
/// bias started at the log-odds of the training marginals, Adam 0.003 on batches of 50 for 3 epochs; exact NLL.
/// </summary>
public sealed class PixelCnnEntry : CatalogEntry
{
    private static readonly PixelCnnOptions Options = new(Variant: PixelCnnVariant.Gated, Channels: 16, Layers: 6);

    public override string Name => "pixelcnn";

    public override string Title => "Gated PixelCNN (van den Oord et al. 2016)";

    public override string Training => "dynamically binarized digits, −log p(x), Adam 0.003, batches of 50";

    public override QualityMetric Metric => QualityMetric.ExactNll;

    public override int DefaultEpochs => 3;

    public override string OptionsText => "PixelCnnOptions(Gated, Channels: 16, Layers: 6, kernels 7 then 3), pixel bias at the log-odds of the static-binary training marginals; Adam 0.003; batch 50";

    /// <summary>
    /// Sampling is D = 784 sequential passes, one pixel at a time (each on the last R + 1 = 14 rows only, R the
    /// receptive field); a pass costs nearly the same for 3 images as for 32, so the images/s grows with the batch.
    /// Measured on two shared cores: 1.9 images/s for 32 images (the full benchmark), 0.6 for 3 (the quick one).
    /// </summary>
    public override int? SampleLimit => 32;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new PixelCnn(Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            MarginalLogOdds.CopyInto(model.PixelBias, marginals, MarginalLogOdds.DefaultFloor);
        }

        return LossRun.ForBinaryDensity(this, settings, model,
            FlopCount.Training(FlopCount.MaskedConvolutions(model, Options.Height, Options.Width)),
            learningRate: 0.003,
            batchSize: 50,
            scoreBatchSize: 100);   // activations: 100 × 32 × 28 × 28 floats per map
    }
}
