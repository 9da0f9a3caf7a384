using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The affine coupling of RealNVP for images (Dinh, Sohl-Dickstein &amp; Bengio 2017, §3.3–3.4): the same equation as
/// <see cref="AffineCoupling"/>,
/// <code>z = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)),   log |det ∂z/∂x| = Σ (1 − b) ⊙ s(b ⊙ x)</code>
/// with a spatial mask b on <c>[C, H, W]</c> (<see cref="CouplingMasks.Checkerboard"/> or
/// <see cref="CouplingMasks.Channel"/>) and s, t computed by a small convolutional network, so the conditioning is
/// local and the weights are shared across positions.
/// </summary>
/// <remarks>
/// <para>Shapes: the flattened image <c>[batch, C·H·W]</c> → (<c>[batch, C·H·W]</c>, <c>[batch]</c> nats).</para>
/// <para>The network sees b ⊙ x and the mask itself as one more channel (so a zero pixel and a hidden pixel
/// differ): 3 × 3 convolution to F filters, ReLU, 1 × 1 convolution with a residual connection, ReLU, 3 × 3 convolution to
/// 2C channels (ŝ and t), with "same" zero padding. Each of the optional residual blocks adds, before the last
/// convolution, h ← ReLU(h + W₂ ReLU(W₁ h)) with W₁ a 3 × 3 and W₂ a 1 × 1 convolution of F filters, widening the
/// receptive field by two pixels. The paper uses up to eight residual blocks with batch normalisation; the default of none is sized to
/// train on a CPU. s = γ ⊙ tanh(ŝ) with a learned per-channel γ bounds each step, and the last convolution starts at
/// zero so a fresh layer is the identity.</para>
/// </remarks>
public sealed class ConvAffineCoupling : FlowLayer
{
    private readonly Conv2d _input;
    private readonly Conv2d _hidden;
    private readonly Conv2d _output;
    private readonly ModuleList<Conv2d> _blocks;

    [TorchSharp.Utils.ComponentName(Name = "mask")]
    private readonly Tensor _mask;

    [TorchSharp.Utils.ComponentName(Name = "scale")]
    private readonly Parameter _scale;

    /// <param name="shape">The image shape [C, H, W] the layer works on.</param>
    /// <param name="mask">b, 0/1 values <c>[C·H·W]</c> (channel first, row-major); copied.</param>
    /// <param name="filters">F, channels of the hidden feature maps.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    /// <param name="residualBlocks">Residual blocks between the hidden layer and the output convolution.</param>
    public ConvAffineCoupling(ImageShape shape, Tensor mask, int filters = 32, torch.Generator? generator = null, int residualBlocks = 0)
        : base(nameof(ConvAffineCoupling))
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(residualBlocks);
        if (mask.dim() != 1 || mask.shape[0] != shape.Dimensions)
        {
            throw new ArgumentException($"Expected a mask of shape [{shape.Dimensions}] for the image {shape}, got [{string.Join(", ", mask.shape)}].", nameof(mask));
        }

        Shape = shape;
        _mask = mask.to_type(ScalarType.Float32).reshape(1, shape.Channels, shape.Height, shape.Width).clone();
        _input = nn.Conv2d(shape.Channels + 1, filters, 3, padding: 1);       // [batch, F, H, W]
        _hidden = nn.Conv2d(filters, filters, 1);                             // [batch, F, H, W]
        _output = nn.Conv2d(filters, 2 * shape.Channels, 3, padding: 1);      // [batch, 2C, H, W]
        register_module("input", _input);
        register_module("hidden", _hidden);
        register_module("output", _output);
        _blocks = new ModuleList<Conv2d>(Enumerable.Range(0, residualBlocks)
            .SelectMany(_ => new[] { nn.Conv2d(filters, filters, 3, padding: 1), nn.Conv2d(filters, filters, 1) }) // W₁, W₂
            .ToArray());
        register_module("blocks", _blocks);
        SeededInitialisation.FanInUniform(this, generator);
        using (no_grad())
        {
            _output.weight!.zero_();
            _output.bias!.zero_();
        }

        _scale = nn.Parameter(ones(1, shape.Channels, 1, 1));
        register_parameter("scale", _scale);
        register_buffer("mask", _mask);
    }

    /// <summary>[C, H, W].</summary>
    public ImageShape Shape { get; }

    /// <summary>b, <c>[1, C, H, W]</c>: 1 where x passes through unchanged.</summary>
    public Tensor Mask => _mask;

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Shape.Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var image = x.reshape(-1, Shape.Channels, Shape.Height, Shape.Width); // [batch, C, H, W]
        var (s, t) = ScaleAndShift(image);
        var z = (_mask * image) + ((1 - _mask) * ((image * s.exp()) + t));
        var logDet = s.flatten(1).sum(dim: 1);                                 // [batch]
        return (z.reshape(-1, Shape.Dimensions).MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Shape.Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var image = z.reshape(-1, Shape.Channels, Shape.Height, Shape.Width);
        var (s, t) = ScaleAndShift(image);
        var x = (_mask * image) + ((1 - _mask) * ((image - t) * (-s).exp()));
        return x.reshape(-1, Shape.Dimensions).MoveToOuterDisposeScope();
    }

    /// <summary>s and t of the masked input, both <c>[batch, C, H, W]</c> and zero where b = 1.</summary>
    private (Tensor S, Tensor T) ScaleAndShift(Tensor image)
    {
        var maskChannel = _mask.narrow(1, 0, 1).expand(image.shape[0], 1, Shape.Height, Shape.Width);
        var h = nn.functional.relu(_input.forward(cat([_mask * image, maskChannel], 1)));
        h = nn.functional.relu(h + _hidden.forward(h));
        for (var i = 0; i < _blocks.Count; i += 2)
        {
            h = nn.functional.relu(h + _blocks[i + 1].forward(nn.functional.relu(_blocks[i].forward(h))));
        }

        var chunks = _output.forward(h).chunk(2, dim: 1);                      // 2 × [batch, C, H, W]
        var s = (1 - _mask) * _scale * chunks[0].tanh();
        var t = (1 - _mask) * chunks[1];
        return (s, t);
    }
}
