using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.PixelCnn"/>: seeded weights, the pixel bias at the pixel log-odds; exact NLL.</summary>
public sealed class PixelCnnEntry() : CatalogEntry(Recipes.PixelCnn)
{
    /// <summary>
    /// Sampling is D = 784 sequential passes, one pixel at a time (each on the last R + 1 = 14 rows only, R the
    /// receptive field); a pass costs nearly the same for 3 images as for 32, so the images/s grows with the batch.
    /// Measured on two shared cores: 1.9 images/s for 32 images (the full benchmark), 0.6 for 3 (the quick one).
    /// </summary>
    public override int? SampleLimit => 32;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.PixelCnn;
        using var init = new torch.Generator(settings.Seed);
        var model = new PixelCnn(recipe.Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            MarginalLogOdds.CopyInto(model.PixelBias, marginals, MarginalLogOdds.DefaultFloor);
        }

        return LossRun.ForBinaryDensity(this, settings, model,
            FlopCount.Training(FlopCount.MaskedConvolutions(model, recipe.Options.Height, recipe.Options.Width)),
            recipe.Optimiser,
            scoreBatchSize: 100);   // activations: 100 × 32 × 28 × 28 floats per map
    }
}
