using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// One layer of the gated PixelCNN (van den Oord, Kalchbrenner, Vinyals, Espeholt, Graves &amp; Kavukcuoglu
/// 2016, "Conditional Image Generation with PixelCNN Decoders", NeurIPS, Figure 2): a vertical and a horizontal
/// stack, each followed by the gated activation
/// <code>y = tanh(W_f ∗ x + V_f h) ⊙ σ(W_g ∗ x + V_g h)</code>
/// where h is an optional class embedding. Shapes: vertical and horizontal features <c>[batch, C_in, H, W]</c>
/// in, <c>[batch, C, H, W]</c> out.
/// </summary>
/// <remarks>
/// <para>Invariant, for every layer: the vertical feature at (i, j) depends only on pixels in rows <i>above</i>
/// i (any column within reach); the horizontal feature at (i, j) only on pixels before (i, j) in raster order.
/// The vertical convolution is a k×k kernel masked to the rows above (first layer, mask A, on pixels) or to the
/// rows above and the centre row (later layers, mask B, on vertical features that already look only upwards);
/// see <see cref="PixelCnnMasks.Vertical"/>. The horizontal convolution is a 1×k kernel on the current row.</para>
/// <para>The horizontal stack receives the vertical pre-activation at the same position through a 1×1
/// convolution. That is legal because the vertical stack at (i, j) sees only rows above i; the paper's shift
/// down by one row does the same job for its unmasked ⌈k/2⌉×k vertical kernel. Together the two stacks cover
/// the whole region above and to the left: no blind spot. Only the horizontal stack has a residual connection
/// (and not in the first layer, whose input is the 1-channel image), as in the paper.</para>
/// </remarks>
public sealed class GatedPixelCnnLayer : nn.Module
{
    private readonly MaskedConv2d _vertical;
    private readonly MaskedConv2d _horizontal;
    private readonly MaskedConv2d _verticalToHorizontal;
    private readonly MaskedConv2d _horizontalOut;

    // [ComponentName] ties each field to its registered name, so module.to(dtype or device) updates the fields.
    [ComponentName(Name = "vertical_class")]
    private readonly Parameter? _verticalClass;

    [ComponentName(Name = "horizontal_class")]
    private readonly Parameter? _horizontalClass;

    /// <param name="inChannels">Channels of the incoming stacks (1 for the image).</param>
    /// <param name="channels">C, channels of both stacks after the gate.</param>
    /// <param name="kernel">k, odd: the vertical kernel is k×k, the horizontal one 1×k.</param>
    /// <param name="type">A for the first layer (reads pixels), B for every later one.</param>
    /// <param name="classes">Number of classes to condition on; 0 for none.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public GatedPixelCnnLayer(int inChannels, int channels, int kernel, MaskType type, int classes = 0, torch.Generator? generator = null)
        : base(nameof(GatedPixelCnnLayer))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(classes);
        Channels = channels;
        Type = type;
        Residual = type == MaskType.B && inChannels == channels;
        var pointwise = ones(1, 1);
        _vertical = new MaskedConv2d(inChannels, 2 * channels, PixelCnnMasks.Vertical(kernel, type), generator);
        _horizontal = new MaskedConv2d(inChannels, 2 * channels, PixelCnnMasks.Horizontal(kernel, type), generator);
        _verticalToHorizontal = new MaskedConv2d(2 * channels, 2 * channels, pointwise, generator);
        _horizontalOut = new MaskedConv2d(channels, channels, pointwise, generator);
        register_module("vertical", _vertical);
        register_module("horizontal", _horizontal);
        register_module("vertical_to_horizontal", _verticalToHorizontal);
        register_module("horizontal_out", _horizontalOut);
        if (classes > 0)
        {
            // Zero class embeddings: the conditional model starts as the unconditional one and learns what a label adds.
            _verticalClass = nn.Parameter(zeros(classes, 2 * channels));   // [classes, 2C]
            _horizontalClass = nn.Parameter(zeros(classes, 2 * channels));
            register_parameter("vertical_class", _verticalClass);
            register_parameter("horizontal_class", _horizontalClass);
        }
    }

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>A for the first layer, B after.</summary>
    public MaskType Type { get; }

    /// <summary>Whether the horizontal output adds the horizontal input (every layer after the first).</summary>
    public bool Residual { get; }

    /// <summary>The vertical k×k masked convolution (C_in → 2C).</summary>
    public MaskedConv2d VerticalConvolution => _vertical;

    /// <summary>The horizontal 1×k masked convolution (C_in → 2C).</summary>
    public MaskedConv2d HorizontalConvolution => _horizontal;

    /// <summary>Both stacks through one layer.</summary>
    /// <param name="vertical">Vertical features, <c>[batch, C_in, H, W]</c>.</param>
    /// <param name="horizontal">Horizontal features, <c>[batch, C_in, H, W]</c>.</param>
    /// <param name="labels">Class labels, <c>[batch]</c> int64, when the layer is conditional; otherwise null.</param>
    /// <returns>The new vertical and horizontal features, <c>[batch, C, H, W]</c> each.</returns>
    public (Tensor Vertical, Tensor Horizontal) Forward(Tensor vertical, Tensor horizontal, Tensor? labels = null)
    {
        using var scope = NewDisposeScope();
        var v = _vertical.forward(vertical);                                     // [batch, 2C, H, W]
        var h = _horizontal.forward(horizontal) + _verticalToHorizontal.forward(v);
        if (_verticalClass is not null && _horizontalClass is not null)
        {
            if (labels is null)
            {
                throw new ArgumentNullException(nameof(labels), "This gated layer is class-conditional: pass the labels.");
            }

            v = v + _verticalClass.index_select(0, labels)[.., .., TensorIndex.None, TensorIndex.None];
            h = h + _horizontalClass.index_select(0, labels)[.., .., TensorIndex.None, TensorIndex.None];
        }

        var verticalOut = Gate(v);
        var horizontalOut = _horizontalOut.forward(Gate(h));                     // [batch, C, H, W]
        if (Residual)
        {
            horizontalOut = horizontalOut + horizontal;
        }

        return (verticalOut.MoveToOuterDisposeScope(), horizontalOut.MoveToOuterDisposeScope());
    }

    /// <summary>tanh(first half of the channels) ⊙ σ(second half): a multiplicative gate, as in an LSTM.</summary>
    private static Tensor Gate(Tensor preActivation)
    {
        var halves = preActivation.chunk(2, 1);
        return halves[0].tanh() * halves[1].sigmoid();
    }
}
