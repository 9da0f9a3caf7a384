using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Nade"/>: seeded weights, the output bias at the pixel log-odds (<see cref="Nade.InitialiseOutputBias"/>); exact NLL.</summary>
public sealed class NadeEntry() : CatalogEntry(Recipes.Nade)
{
    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Nade;
        using var init = new torch.Generator(settings.Seed);
        var model = new Nade(recipe.Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), recipe.Optimiser);
    }
}
