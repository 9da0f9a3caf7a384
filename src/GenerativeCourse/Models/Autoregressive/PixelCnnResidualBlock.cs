using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// The residual block of the plain PixelCNN (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016, "Pixel Recurrent
/// Neural Networks", ICML, Figure 5): ReLU, 1×1 convolution 2h → h, ReLU, k×k mask-B convolution h → h, ReLU,
/// 1×1 convolution h → 2h, and the input added back. Shapes: <c>[batch, 2h, H, W]</c> in and out.
/// </summary>
/// <remarks>
/// 1×1 convolutions mix channels at the same pixel and so obey mask B on their own; only the k×k layer needs a
/// mask. An optional class embedding is added after it (a per-class bias of every feature map).
/// </remarks>
public sealed class PixelCnnResidualBlock : nn.Module
{
    private readonly MaskedConv2d _reduce;
    private readonly MaskedConv2d _spatial;
    private readonly MaskedConv2d _expand;

    [ComponentName(Name = "class_embedding")]
    private readonly Parameter? _classEmbedding;

    /// <param name="channels">2h, the channels of the residual stream; the inner width is h = channels / 2.</param>
    /// <param name="kernel">k, odd, of the mask-B convolution.</param>
    /// <param name="classes">Number of classes to condition on; 0 for none.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public PixelCnnResidualBlock(int channels, int kernel, int classes = 0, torch.Generator? generator = null)
        : base(nameof(PixelCnnResidualBlock))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(classes);
        var inner = channels / 2;
        _reduce = new MaskedConv2d(channels, inner, ones(1, 1), generator);
        _spatial = new MaskedConv2d(inner, inner, PixelCnnMasks.Raster(kernel, MaskType.B), generator);
        _expand = new MaskedConv2d(inner, channels, ones(1, 1), generator);
        register_module("reduce", _reduce);
        register_module("spatial", _spatial);
        register_module("expand", _expand);
        if (classes > 0)
        {
            _classEmbedding = nn.Parameter(zeros(classes, inner));   // [classes, h]
            register_parameter("class_embedding", _classEmbedding);
        }
    }

    /// <summary>The k×k mask-B convolution.</summary>
    public MaskedConv2d SpatialConvolution => _spatial;

    /// <summary>x + F(x).</summary>
    /// <param name="x">The residual stream, <c>[batch, 2h, H, W]</c>.</param>
    /// <param name="labels">Class labels, <c>[batch]</c> int64, when the block is conditional; otherwise null.</param>
    public Tensor Forward(Tensor x, Tensor? labels = null)
    {
        using var scope = NewDisposeScope();
        var y = _spatial.forward(nn.functional.relu(_reduce.forward(nn.functional.relu(x))));   // [batch, h, H, W]
        if (_classEmbedding is not null)
        {
            if (labels is null)
            {
                throw new ArgumentNullException(nameof(labels), "This residual block is class-conditional: pass the labels.");
            }

            y = y + _classEmbedding.index_select(0, labels)[.., .., TensorIndex.None, TensorIndex.None];
        }

        return (x + _expand.forward(nn.functional.relu(y))).MoveToOuterDisposeScope();
    }
}
