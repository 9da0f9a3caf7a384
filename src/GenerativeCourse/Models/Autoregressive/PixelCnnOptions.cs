namespace GenerativeCourse.Models.Autoregressive;

/// <summary>The two PixelCNNs of the chapter.</summary>
public enum PixelCnnVariant
{
    /// <summary>
    /// Masked convolutions in one stack with residual blocks (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016,
    /// "Pixel Recurrent Neural Networks"). Has a blind spot.
    /// </summary>
    Plain,

    /// <summary>
    /// Vertical and horizontal stacks with gated activations (van den Oord et al. 2016, "Conditional Image
    /// Generation with PixelCNN Decoders"). No blind spot.
    /// </summary>
    Gated,
}

/// <summary>Options of <see cref="PixelCnn"/>.</summary>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels; D = Height × Width binary pixels.</param>
/// <param name="Variant">Plain (residual blocks, blind spot) or gated (two stacks, no blind spot).</param>
/// <param name="Channels">
/// Feature maps of the network: the residual stream (2h) of the plain variant, C of both stacks of the gated
/// one. The papers use many more (hundreds on natural images); 16 keeps an epoch over the 50,000 MNIST training
/// digits to about two and a half minutes on two CPU cores (334 examples/s measured, 2026-12-04).
/// </param>
/// <param name="Layers">
/// Masked spatial layers, the first (mask A) included: the plain variant has one mask-A convolution and
/// Layers − 1 residual blocks, the gated variant Layers gated layers.
/// </param>
/// <param name="FirstKernel">k of the first (mask-A) layer, 7 in both papers.</param>
/// <param name="Kernel">k of every later masked layer, 3 in both papers.</param>
/// <param name="Classes">Number of classes to condition on (10 for digits); 0 for an unconditional model.</param>
public sealed record PixelCnnOptions(
    int Height = 28,
    int Width = 28,
    PixelCnnVariant Variant = PixelCnnVariant.Gated,
    int Channels = 16,
    int Layers = 6,
    int FirstKernel = 7,
    int Kernel = 3,
    int Classes = 0)
{
    /// <summary>D = Height × Width.</summary>
    public int Dimensions => Height * Width;

    /// <summary>
    /// R, how many rows above a pixel its prediction can reach: FirstKernel/2 + (Layers − 1)·(Kernel/2). Also
    /// the reach to the left, and for the gated variant to the right; sampling uses it to run the network on
    /// the last R + 1 rows only.
    /// </summary>
    public int ReceptiveFieldRows => (FirstKernel / 2) + ((Layers - 1) * (Kernel / 2));
}
