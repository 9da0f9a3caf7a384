namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// Everything that defines a <see cref="Ddpm"/> of digits before training: its noise network, its variance schedule
/// with T steps, and its reverse process; one record, so a recipe (<c>Catalog.Recipes.Ddpm</c>) holds it as data.
/// </summary>
/// <param name="Network">The U-Net ε_θ.</param>
/// <param name="Schedule">Linear (Ho et al. 2020: β from 10⁻⁴ to 0.02) or cosine (Nichol &amp; Dhariwal 2021).</param>
/// <param name="Steps">T (1,000 in both papers).</param>
/// <param name="Process">Reverse variance and label dropout; the defaults when null.</param>
public sealed record DdpmModelOptions(DiffusionUNetOptions Network, NoiseScheduleKind Schedule = NoiseScheduleKind.Linear, int Steps = 1000, DdpmOptions? Process = null)
{
    /// <summary>β_1 … β_T of <see cref="Schedule"/> with the papers' other constants.</summary>
    public NoiseSchedule BuildSchedule() => Schedule switch
    {
        NoiseScheduleKind.Linear => NoiseSchedule.Linear(Steps),
        NoiseScheduleKind.Cosine => NoiseSchedule.Cosine(Steps),
        _ => throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "Expected Linear or Cosine."),
    };

    /// <summary>The untrained model: a U-Net with weights from <paramref name="generator"/>, on images of
    /// <c>[ImageChannels, ImageSide, ImageSide]</c>.</summary>
    public Ddpm Build(TorchSharp.torch.Generator? generator = null)
    {
        var n = Network;
        return new Ddpm(new DiffusionUNet(n, generator), BuildSchedule(), [n.ImageChannels, n.ImageSide, n.ImageSide], Process);
    }
}
