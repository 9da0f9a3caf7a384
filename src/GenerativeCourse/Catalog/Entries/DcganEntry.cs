using GenerativeCourse.Data;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Training;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>DCGAN for 28×28 digits (chapter 04), width 64, non-saturating loss, Adam 2e-4 with β₁ = 0.5; FID-style score.</summary>
public sealed class DcganEntry : CatalogEntry
{
    private static readonly DcganOptions Options = new();

    public override string Name => "dcgan";

    public override string Title => "DCGAN (Radford et al. 2016)";

    public override string Training => "grey digits, non-saturating GAN game, k = 1, Adam 0.0002 (β₁ 0.5), batches of 100";

    public override QualityMetric Metric => QualityMetric.Frechet;

    public override int DefaultEpochs => 5;

    public override string OptionsText => "DcganOptions(Latent: 100, Width: 64, NonSaturating); Adam 0.0002 β (0.5, 0.999); batch 100";

    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Dcgan(Options, init);
        return new AdversarialRun(this, settings, model,
            new AdversarialTrainerOptions(GeneratorLearningRate: 2e-4, DiscriminatorLearningRate: 2e-4),
            model.Sample,
            s => Score(model, s),
            FlopCount.Adversarial(Forward(model, "generator."), Forward(model, "discriminator.")));
    }

    private static QualityScore Score(Dcgan model, EvaluationSettings settings)
    {
        using var generator = new torch.Generator(settings.Seed);
        using var samples = model.Sample(settings.Samples, generator);
        return TestScores.Frechet(samples, PixelEncoding.Grey, settings);
    }

    /// <summary>
    /// Forward FLOPs of one player: dense layers as <see cref="FlopCount.DenseForward"/>; each convolution's weight
    /// entries times the positions its kernel visits (7×7 inputs of up1 and outputs of down2, 14×14 inputs of up2
    /// and outputs of down1; see the shapes in <see cref="Dcgan"/>).
    /// </summary>
    private static double Forward(Dcgan model, string player)
    {
        var positions = new Dictionary<string, int>
        {
            ["generator.up1.weight"] = 7 * 7,
            ["generator.up2.weight"] = 14 * 14,
            ["discriminator.down1.weight"] = 14 * 14,
            ["discriminator.down2.weight"] = 7 * 7,
        };
        double flops = 0;
        foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.StartsWith(player, StringComparison.Ordinal)))
        {
            flops += parameter.dim() switch
            {
                2 => 2.0 * parameter.numel(),
                4 => FlopCount.Convolution(parameter.numel(), positions[name]),
                _ => 0,
            };
        }

        return flops;
    }
}
