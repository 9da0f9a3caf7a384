using GenerativeCourse.Models.Autoregressive;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Made"/>: seeded weights, the output bias at the pixel log-odds (<see cref="Made.InitialiseOutputBias"/>); exact NLL.</summary>
public sealed class MadeEntry() : CatalogEntry(Recipes.Made)
{
    /// <summary>Sampling is D = 784 passes of the whole network, one pixel at a time: about 2.2 GFLOP per image
    /// (2.8 MFLOP per pass, of which 1.2 in the 784 × 784 direct connections).</summary>
    public override int? SampleLimit => 1000;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Made;
        using var init = new torch.Generator(settings.Seed);
        var model = new Made(recipe.Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return LossRun.ForBinaryDensity(this, settings, model, FlopCount.Training(FlopCount.DenseForward(model)), recipe.Optimiser);
    }
}
