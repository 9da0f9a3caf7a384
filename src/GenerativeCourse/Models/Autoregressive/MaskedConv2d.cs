using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// A 2-D convolution whose kernel is multiplied by a fixed 0/1 mask, y = (W ⊙ M) ∗ x + b: the building block
/// of PixelCNN (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016), the convolutional twin of MADE's
/// <see cref="MaskedLinear"/>. Shapes: <c>[batch, in, H, W]</c> → <c>[batch, out, H, W]</c> (zero padding of
/// half the kernel keeps the size); W is <c>[out, in, kh, kw]</c> and M <c>[kh, kw]</c>, shared by all channel pairs.
/// </summary>
/// <remarks>
/// <para>The masks come from <see cref="PixelCnnMasks"/>. One mask per kernel position is enough for binary
/// images: with a single input channel there are no colour channels to order (the RGB PixelCNN also masks
/// between channel groups).</para>
/// <para>Weights start uniform in ±1/√fan_in where fan_in counts only the <i>unmasked</i> taps: a mask-A 7×7
/// kernel on one channel uses 24 of its 49 taps, and counting the dead ones would start its outputs 30 % too
/// small. The mask is a persistent buffer, saved with the weights and moved by <c>module.to(…)</c>; masked
/// weights receive exactly zero gradient because the product with 0 is inside the graph.</para>
/// </remarks>
public sealed class MaskedConv2d : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    [ComponentName(Name = "mask")]
    private readonly Tensor _mask;

    private readonly long[] _padding;

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="mask">The 0/1 mask, <c>[kh, kw]</c> with odd sizes; copied.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public MaskedConv2d(int inChannels, int outChannels, Tensor mask, torch.Generator? generator = null)
        : base(nameof(MaskedConv2d))
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        if (mask.dim() != 2 || mask.shape[0] % 2 == 0 || mask.shape[1] % 2 == 0)
        {
            throw new ArgumentException($"Expected a [kh, kw] mask with odd sizes, got [{string.Join(", ", mask.shape)}].", nameof(mask));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        long kh = mask.shape[0], kw = mask.shape[1];
        _padding = [kh / 2, kw / 2];
        _mask = mask.to_type(ScalarType.Float32).clone();
        var taps = Math.Max(1, _mask.sum().item<float>());
        var bound = 1.0 / Math.Sqrt(inChannels * taps);
        _weight = nn.Parameter(empty(outChannels, inChannels, kh, kw).uniform_(-bound, bound, generator)); // [out, in, kh, kw]
        _bias = nn.Parameter(empty(outChannels).uniform_(-bound, bound, generator));                       // [out]
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
        register_buffer("mask", _mask);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    /// <summary>W, <c>[out, in, kh, kw]</c>; only taps where <see cref="Mask"/> is 1 are used.</summary>
    public Parameter Weight => _weight;

    /// <summary>b, <c>[out]</c>.</summary>
    public Parameter Bias => _bias;

    /// <summary>M, <c>[kh, kw]</c>.</summary>
    public Tensor Mask => _mask;

    /// <summary>(W ⊙ M) ∗ x + b, <c>[batch, in, H, W]</c> → <c>[batch, out, H, W]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.conv2d(x, _weight * _mask, _bias, padding: _padding).MoveToOuterDisposeScope();
    }
}
