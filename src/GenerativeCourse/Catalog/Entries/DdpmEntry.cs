using GenerativeCourse.Data;
using GenerativeCourse.Models.Diffusion;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Ddpm"/>: seeded U-Net weights and their moving average; the variational bound in
/// bits per dimension; unconditional DDIM samples.</summary>
public sealed class DdpmEntry() : CatalogEntry(Recipes.Ddpm)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    /// <summary>
    /// A DDIM sample costs <see cref="DiffusionRun.SamplingSteps"/> U-Net passes: 1,000 images, the full profile's
    /// samples, take about half a minute on two cores; the default profile draws 500 from every model.
    /// </summary>
    public override int? SampleLimit => 1000;

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
