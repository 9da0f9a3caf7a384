using GenerativeCourse.Data;
using GenerativeCourse.Models.Latent;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Vae"/>: seeded weights, −ELBO with the epoch's generator as the source of ε; scored by −IWAE-k.</summary>
public sealed class VaeEntry() : CatalogEntry(Recipes.Vae)
{
    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Vae;
        using var init = new torch.Generator(settings.Seed);
        var model = new Vae(recipe.Options, init);
        return new LossRun(this, settings, model,
            (x, epochNoise) => model.Loss(x, generator: epochNoise),
            recipe.Data,
            (n, g) => model.Sample(n, g),
            s => TestScores.Iwae(model, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            recipe.Optimiser);
    }
}
