using GenerativeCourse.Data;
using GenerativeCourse.Models.Latent;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>The VAE of chapter 03: MLP encoder and decoder with 500 units, a 10-D latent space; scored by IWAE-5000.</summary>
public sealed class VaeEntry : CatalogEntry
{
    private static readonly VaeOptions Options = new(MnistDigits.PixelsPerImage, Latent: 10, Hidden: [500]);

    public override string Name => "vae";

    public override string Title => "VAE (Kingma & Welling 2014)";

    public override string Training => "dynamically binarized digits, −ELBO with one draw of ε, Adam 0.001, batches of 100";

    public override QualityMetric Metric => QualityMetric.IwaeNll;

    public override int DefaultEpochs => 20;

    public override string OptionsText => "VaeOptions(784, Latent: 10, Hidden: [500]); Adam 0.001; batch 100";

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Vae(Options, init);
        return new LossRun(this, settings, model,
            (x, epochNoise) => model.Loss(x, generator: epochNoise),
            PixelEncoding.DynamicBinary,
            (n, g) => model.Sample(n, g),
            s => TestScores.Iwae(model, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            learningRate: 1e-3);
    }
}
