using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Training;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.ConditionalGan"/>: seeded players that see the one-hot label; FID-style score of
/// samples with uniformly drawn labels.</summary>
public sealed class ConditionalGanEntry() : CatalogEntry(Recipes.ConditionalGan)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new ConditionalGan(Recipes.ConditionalGan.Options, init);
        var generatorForward = 2.0 * model.GeneratorParameters().Where(p => p.dim() == 2).Sum(p => (double)p.numel());
        var discriminatorForward = 2.0 * model.DiscriminatorParameters().Where(p => p.dim() == 2).Sum(p => (double)p.numel());
        return new AdversarialRun(this, settings, model,
            Recipes.ConditionalGan.Optimiser,
            (n, g) => Sample(model, n, g),
            s => Score(model, s),
            FlopCount.Adversarial(generatorForward, discriminatorForward));
    }

    private static QualityScore Score(ConditionalGan model, EvaluationSettings settings)
    {
        using var generator = new torch.Generator(settings.Seed);
        using var samples = Sample(model, settings.Samples, generator);
        return TestScores.Frechet(samples, PixelEncoding.Grey, settings);
    }

    /// <summary>n samples with labels drawn uniformly, the same class mix as the test split's on average.</summary>
    private static torch.Tensor Sample(ConditionalGan model, int n, torch.Generator generator)
    {
        using var labels = torch.randint(model.Classes, [n], torch.ScalarType.Int64, generator: generator);
        return model.Sample(labels, generator);
    }
}
