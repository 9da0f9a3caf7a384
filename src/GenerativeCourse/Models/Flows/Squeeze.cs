using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The squeezing operation of RealNVP (Dinh, Sohl-Dickstein &amp; Bengio 2017, §3.6, figure 3): every 2 × 2 block of
/// each channel becomes four channels of one pixel,
/// <code>[C, H, W] → [4C, H/2, W/2],   out[4c + 2i + j, r, q] = in[c, 2r + i, 2q + j]</code>
/// so that the next couplings can mix spatially neighbouring pixels with a channel-wise mask. It only reorders the
/// entries: the Jacobian is a permutation matrix and log |det J| = 0.
/// </summary>
/// <remarks>
/// Shapes: the flattened image <c>[batch, C·H·W]</c> (channel first, row-major; see <see cref="ImageShape"/>) →
/// (<c>[batch, C·H·W]</c> flattened as <see cref="Output"/>, zeros <c>[batch]</c>). H and W must be even.
/// </remarks>
public sealed class Squeeze : FlowLayer
{
    /// <param name="input">The image shape before squeezing; height and width even.</param>
    public Squeeze(ImageShape input)
        : base(nameof(Squeeze))
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Height % 2 != 0 || input.Width % 2 != 0)
        {
            throw new ArgumentException($"Squeezing needs an even height and width, got {input}.", nameof(input));
        }

        Input = input;
        Output = new ImageShape(4 * input.Channels, input.Height / 2, input.Width / 2);
    }

    /// <summary>[C, H, W].</summary>
    public ImageShape Input { get; }

    /// <summary>[4C, H/2, W/2].</summary>
    public ImageShape Output { get; }

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Input.Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var (c, h, w) = (Input.Channels, Input.Height / 2, Input.Width / 2);
        var z = x.reshape(-1, c, h, 2, w, 2)                                   // [batch, C, H/2, i, W/2, j]
            .permute(0, 1, 3, 5, 2, 4)                                         // [batch, C, i, j, H/2, W/2]
            .reshape(-1, Input.Dimensions);
        var logDet = zeros(x.shape[0], dtype: x.dtype, device: x.device);
        return (z.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Input.Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var (c, h, w) = (Input.Channels, Input.Height / 2, Input.Width / 2);
        var x = z.reshape(-1, c, 2, 2, h, w)                                   // [batch, C, i, j, H/2, W/2]
            .permute(0, 1, 4, 2, 5, 3)                                         // [batch, C, H/2, i, W/2, j]
            .reshape(-1, Input.Dimensions);
        return x.MoveToOuterDisposeScope();
    }
}
