namespace GenerativeCourse.Models.Latent;

/// <summary>The networks of a <see cref="Vae"/>'s encoder and decoder.</summary>
public enum VaeArchitecture
{
    /// <summary>Fully connected layers with ReLU units, as in Kingma &amp; Welling's MNIST experiments.</summary>
    Mlp,

    /// <summary>
    /// Two stride-2 convolutions (28 → 14 → 7 pixels, 32 and 64 channels) and one dense layer in the encoder;
    /// the mirror image with transposed convolutions in the decoder. Needs square images whose side is a
    /// multiple of 4.
    /// </summary>
    Convolutional,
}

/// <summary>Options of <see cref="Vae"/>.</summary>
/// <param name="Dimensions">D, the number of binary pixels of one example (784 for a 28×28 digit).</param>
/// <param name="Latent">The size of z (Kingma &amp; Welling try 2 to 200; 10 is CS236's choice; 2 can be plotted).</param>
/// <param name="Hidden">
/// Widths of the hidden layers of the encoder, from the input; the decoder uses them in reverse. Null means one
/// layer of 500 units, the paper's MNIST setting. The convolutional variant uses only the first width, for its
/// dense layer.
/// </param>
/// <param name="Architecture">Fully connected or small convolutional networks.</param>
/// <param name="Beta">
/// β, the weight of the KL term in the training loss (Higgins et al. 2017, "β-VAE"); 1 is the ELBO itself.
/// <see cref="Vae.Elbo"/> always reports the unweighted terms.
/// </param>
/// <param name="KlWarmUpSteps">
/// Steps over which the KL weight rises linearly from 0 to β (Bowman et al. 2016; Sønderby et al. 2016), so that the
/// decoder learns to use z before the KL term pulls q(z|x) onto the prior; 0 means β from the first step. See
/// <see cref="Vae.KlWeight"/>.
/// </param>
/// <param name="ImageSide">Side of the square image for the convolutional variant; D must be its square.</param>
public sealed record VaeOptions(
    int Dimensions = 784,
    int Latent = 10,
    IReadOnlyList<int>? Hidden = null,
    VaeArchitecture Architecture = VaeArchitecture.Mlp,
    double Beta = 1.0,
    int KlWarmUpSteps = 0,
    int ImageSide = 28)
{
    /// <summary>The hidden widths in use: <see cref="Hidden"/>, or [500] when it is null.</summary>
    public IReadOnlyList<int> HiddenSizes => Hidden ?? [500];
}
