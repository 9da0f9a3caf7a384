using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.EnergyBased;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// Builds <see cref="Recipes.Rbm"/>: seeded weights, the visible bias at the pixel log-odds (W = 0 would be the
/// independent-pixel model), CD-k updates. Its quality is an <b>estimate</b>: the test NLL with log Z from annealed
/// importance sampling (<see cref="QualityMetric.AisNll"/>).
/// </summary>
/// <remarks>
/// Samples are <see cref="Rbm.Sample"/> with <see cref="SampleSteps"/> = 1,000 Gibbs steps from independent pixels,
/// the chain length chapter 07 shows; the benchmark's images/s is of that call. Each step is two [n, 784] × [784, 500]
/// products, so one image costs 1,000 × 2 × 2 × 784 × 500 ≈ 1.6 GFLOP.
/// </remarks>
public sealed class RbmEntry() : CatalogEntry(Recipes.Rbm)
{
    /// <summary>Gibbs steps of every sample chain.</summary>
    public const int SampleSteps = 1000;

    /// <summary>A sample is 1,000 Gibbs steps (≈ 1.6 GFLOP per image, like MADE's 784 passes).</summary>
    public override int? SampleLimit => 1000;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Rbm;
        using var init = new torch.Generator(settings.Seed);
        var model = new Rbm(recipe.Options, init);
        using (var train = Mnist.Train.Images(PixelEncoding.StaticBinary))
        {
            model.SetVisibleBiasToLogOdds(train);
        }

        return new ContrastiveDivergenceRun(this, settings, model, recipe.Optimiser,
            (n, generator) => model.Sample(n, SampleSteps, generator),
            s => TestScores.AisNll(model, s),
            FlopCount.ContrastiveDivergence(model, recipe.Optimiser.Steps));
    }
}
