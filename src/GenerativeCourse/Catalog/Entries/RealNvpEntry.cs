using GenerativeCourse.Data;
using GenerativeCourse.Models.Flows;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>Builds <see cref="Recipes.RealNvp"/>: seeded weights, trained and scored in logit space on dequantized bytes (bits per dimension).</summary>
public sealed class RealNvpEntry() : CatalogEntry(Recipes.RealNvp)
{
    public override PixelEncoding SampleReference => PixelEncoding.Grey;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        return FlowRun.Create(this, settings, new RealNvp(Recipes.RealNvp.Options, init), Recipes.RealNvp.Optimiser, LogitTransform.MnistAlpha);
    }
}

/// <summary>The training and scoring that RealNVP and MAF share; each passes the squeeze α of its <see cref="LogitTransform"/>, which its recipe's loss text names.</summary>
internal static class FlowRun
{
    public static LossRun Create(CatalogEntry entry, RunSettings settings, NormalizingFlow model, Adam optimiser, double logitAlpha = LogitTransform.DefaultAlpha)
    {
        var logit = new LogitTransform(model.Dimensions, logitAlpha);
        return new LossRun(entry, settings, model,
            (bytes, step) => -Dequantization.LogProbOfBytes(model, logit, bytes, step.Noise).mean(),
            entry.Recipe.Data,
            (n, g) => logit.Inverse(model.Sample(n, g)).clamp(0, 1),
            s => TestScores.BitsPerDimension(model, logit, s),
            FlopCount.Training(FlopCount.DenseForward(model) + FlopCount.CouplingConvolutions(model)),
            optimiser);
    }
}
