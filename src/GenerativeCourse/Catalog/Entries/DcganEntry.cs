using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Training;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Dcgan"/>: seeded players, the recipe's game and Adam settings; FID-style score.</summary>
public sealed class DcganEntry() : CatalogEntry(Recipes.Dcgan)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Dcgan(Recipes.Dcgan.Options, init);
        return new AdversarialRun(this, settings, model,
            Recipes.Dcgan.Optimiser,
            model.Sample,
            s => Score(model, s),
            FlopCount.Adversarial(Forward(model, "generator."), Forward(model, "discriminator.")))
        {
            Latent = new LatentGenerator(model.Latent, model.Generate, "generator G(z)"),
        };
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
