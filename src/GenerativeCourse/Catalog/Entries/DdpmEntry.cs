using GenerativeCourse.Data;
using GenerativeCourse.Models.Diffusion;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Ddpm"/>: seeded U-Net weights and their moving average; the variational bound in
/// bits per dimension; unconditional DDIM samples.</summary>
public sealed class DdpmEntry() : CatalogEntry(Recipes.Ddpm)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    /// <summary>
    /// A DDIM sample costs <see cref="DiffusionRun.SamplingSteps"/> U-Net passes: 500 images (the fewest the benchmark
    /// scores by FID) take about half a minute on two cores, 1,000 would double chapter 06's share of it.
    /// </summary>
    public override int? SampleLimit => 500;

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
