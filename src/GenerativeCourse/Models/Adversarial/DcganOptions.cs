namespace GenerativeCourse.Models.Adversarial;

/// <summary>Options of <see cref="Dcgan"/>.</summary>
/// <param name="Latent">Size of z ~ N(0, I) (Radford et al. use 100).</param>
/// <param name="Width">Channels of the first (widest) hidden feature map: the generator's 7×7 map has 2·Width channels
/// and its 14×14 map Width; the discriminator mirrors this. 64 is the paper's base width; smaller trains faster on a CPU.</param>
/// <param name="Loss">The generator's objective.</param>
public sealed record DcganOptions(int Latent = 100, int Width = 64, GeneratorLoss Loss = GeneratorLoss.NonSaturating);
