using GenerativeCourse.Data;
using GenerativeCourse.Models.Diffusion;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Ddpm"/>: seeded U-Net weights and their moving average; the variational bound in
/// bits per dimension; unconditional DDIM samples.</summary>
public sealed class DdpmEntry() : CatalogEntry(Recipes.Ddpm)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Ddpm;
        var pair = new DdpmPair(recipe.Options, settings.Seed);
        var network = (DiffusionUNet)pair.Model.Network;
        return new DiffusionRun(this, settings, pair, recipe.Optimiser.Optimiser, recipe.Optimiser.AverageDecay,
            FlopCount.Training(network.ForwardFlops));
    }
}
