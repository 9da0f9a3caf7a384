using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.Maf"/>: seeded weights, trained and scored in logit space on dequantized bytes (bits per dimension).</summary>
public sealed class MafEntry() : CatalogEntry(Recipes.Maf)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    /// <summary>Sampling runs 6 × 784 MADE passes (the base's and 5 layers' inverses) one pixel at a time: about 6 GFLOP per
    /// image, a few images a second on two cores. Too few for the sample scores at any budget, so 32 images (as PixelCNN)
    /// only time the sampler.</summary>
    public override int? SampleLimit => 32;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        return FlowRun.Create(this, settings, new Maf(Recipes.Maf.Options, init), Recipes.Maf.Optimiser, LogitTransform.MnistAlpha);
    }
}
