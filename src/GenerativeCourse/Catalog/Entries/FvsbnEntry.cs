using GenerativeCourse.Models.Autoregressive;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Fvsbn"/>: zero weights, the output bias at the pixel log-odds (the independent-pixel model); exact NLL.</summary>
public sealed class FvsbnEntry() : CatalogEntry(Recipes.Fvsbn)
{
    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Fvsbn;
        var model = new Fvsbn(recipe.Options);   // starts from zero weights: nothing random to seed
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), recipe.Optimiser);
    }
}
