using TorchSharp;

namespace GenerativeCourse.Plots;

// The TorchSharp half of ImageGrid. It lives in its own file so the array overloads never touch
// torch: they work (and are tested) even where TorchSharp's native libraries are not loaded.
public sealed partial class ImageGrid
{
    /// <summary>
    /// A grid of the images in a float tensor with values in [0, 1], shaped <c>[n, h·w]</c> with a
    /// square <c>h·w</c> (flattened digits, <c>[n, 784]</c>), <c>[n, h, w]</c> or <c>[n, 1, h, w]</c>
    /// (one channel, as convolutional models produce). Any device and floating dtype; the tensor is
    /// neither changed nor kept.
    /// </summary>
    /// <param name="images">Intensities, 0 black and 1 white; clamped to [0, 1]. Apply <c>sigmoid</c> to logits first.</param>
    /// <param name="columns">Images per grid row.</param>
    /// <param name="scale">Enlargement of each image (nearest neighbour).</param>
    /// <param name="padding">White pixels between and around cells.</param>
    /// <param name="captions">Optional text under each image, for example its label.</param>
    /// <param name="altText">Text alternative; by default a description of the grid.</param>
    public static ImageGrid FromTensor(torch.Tensor images, int columns = DefaultColumns, int scale = DefaultScale,
        int padding = DefaultPadding, IReadOnlyList<string>? captions = null, string? altText = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (height, width) = ImageSize(images.shape);
        using var scope = torch.NewDisposeScope();
        // detach: no autograd graph; cpu + float32 + contiguous: one flat row-major float[] to read.
        var flat = images.detach().cpu().to_type(torch.ScalarType.Float32).contiguous();
        var pixels = flat.data<float>().ToArray();
        return FromPixels(pixels, height, width, columns, scale, padding, captions, altText);
    }

    /// <summary>Image height and width implied by a tensor shape, or an error that names the accepted shapes.</summary>
    internal static (int Height, int Width) ImageSize(long[] shape)
    {
        static string Show(long[] s) => "[" + string.Join(", ", s) + "]";

        switch (shape.Length)
        {
            case 2:
                var side = (long)Math.Round(Math.Sqrt(shape[1]));
                if (side > 0 && side * side == shape[1])
                {
                    return ((int)side, (int)side);
                }

                throw new ArgumentException(
                    $"A [n, d] image tensor needs square images, but d = {shape[1]} is not a square number (784 = 28×28 is). " +
                    "Reshape it to [n, height, width] for other sizes.", "images");
            case 3:
                return ((int)shape[1], (int)shape[2]);
            case 4 when shape[1] == 1:
                return ((int)shape[2], (int)shape[3]);
            default:
                throw new ArgumentException(
                    $"Cannot read images from a tensor of shape {Show(shape)}: expected [n, 784]-like [n, h·w], [n, h, w] or [n, 1, h, w] " +
                    "(one grey channel). For a single image use unsqueeze(0).", "images");
        }
    }
}
