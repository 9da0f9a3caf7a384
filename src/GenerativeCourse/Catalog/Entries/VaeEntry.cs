using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Latent;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// Builds <see cref="Recipes.Vae"/>: seeded weights, the decoder's output bias at the pixel log-odds
/// (<see cref="Vae.InitialiseOutputBias"/>); −ELBO with the KL weight of the training step (<see cref="Vae.KlWeight"/>,
/// the recipe's warm-up) and the epoch's generator as the source of ε; validated by the −ELBO, scored by −IWAE-k.
/// </summary>
public sealed class VaeEntry() : CatalogEntry(Recipes.Vae)
{
    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var recipe = Recipes.Vae;
        using var init = new torch.Generator(settings.Seed);
        var model = new Vae(recipe.Options, init);
        using (var marginals = TrainingMarginals.Compute())
        {
            model.InitialiseOutputBias(marginals);
        }

        return new LossRun(this, settings, model,
            (x, step) => model.Loss(x, step.Step is { } n ? model.KlWeight(n) : null, step.Noise),
            recipe.Data,
            (n, g) => model.Sample(n, g),
            s => TestScores.Iwae(model, s),
            FlopCount.Training(FlopCount.DenseForward(model)),
            recipe.Optimiser)
        {
            Latent = new LatentGenerator(model.Latent, z => torch.sigmoid(model.Decode(z)), "decoder mean σ(f_θ(z))"),
        };
    }
}
