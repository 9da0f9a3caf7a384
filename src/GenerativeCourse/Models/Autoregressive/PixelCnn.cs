using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// PixelCNN for binary images (van den Oord, Kalchbrenner &amp; Kavukcuoglu 2016, "Pixel Recurrent Neural
/// Networks", ICML; gated variant: van den Oord et al. 2016, "Conditional Image Generation with PixelCNN
/// Decoders", NeurIPS): the chain rule in raster order,
/// <code>p(x) = Π_{i,j} p(x_ij | x_&lt;ij),   p(x_ij = 1 | x_&lt;ij) = σ(f(x)_ij + b_ij)</code>
/// where f is a network of masked convolutions whose output at (i, j) depends only on pixels before (i, j), and
/// b is a learned bias per pixel. One pass of f gives all D conditionals of an image, like MADE; the kernels are
/// shared across positions, unlike MADE.
/// </summary>
/// <remarks>
/// <para>Shapes: as an <see cref="IDensityModel"/> the model takes flattened images <c>[batch, D]</c> with
/// D = Height·Width (raster order), like <see cref="Nade"/> and <see cref="Made"/>; inside it works on
/// <c>[batch, 1, Height, Width]</c>. <see cref="LogProb(Tensor)"/> returns <c>[batch]</c> in nats per example.
/// With <see cref="PixelCnnOptions.Classes"/> &gt; 0 the model is class-conditional, p(x | y), and the
/// overloads with labels must be used.</para>
/// <para>Sampling is sequential: D network passes per batch. Because pixel (i, j) sees only the
/// <see cref="PixelCnnOptions.ReceptiveFieldRows"/> rows above it, each pass runs on those rows and the current
/// one instead of the whole image; the result is the same (tested), the work per pixel constant. Caching the
/// features that did not change (Ramachandran et al. 2017, "Fast Generation for Convolutional Autoregressive
/// Models") would make a pass O(layers) instead of O(rows × width × layers).</para>
/// </remarks>
public sealed class PixelCnn : nn.Module<Tensor, Tensor>, IDensityModel
{
    private readonly MaskedConv2d? _first;
    private readonly ModuleList<PixelCnnResidualBlock>? _blocks;
    private readonly ModuleList<GatedPixelCnnLayer>? _gated;
    private readonly MaskedConv2d _head;
    private readonly MaskedConv2d _output;

    [ComponentName(Name = "pixel_bias")]
    private readonly Parameter _pixelBias;

    /// <param name="options">Image size, variant and sizes.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public PixelCnn(PixelCnnOptions options, torch.Generator? generator = null)
        : base(nameof(PixelCnn))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Channels, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Classes);
        Options = options;
        int c = options.Channels;
        if (options.Variant == PixelCnnVariant.Plain)
        {
            _first = new MaskedConv2d(1, c, PixelCnnMasks.Raster(options.FirstKernel, MaskType.A), generator);
            _blocks = new ModuleList<PixelCnnResidualBlock>(Enumerable.Range(1, options.Layers - 1)
                .Select(_ => new PixelCnnResidualBlock(c, options.Kernel, options.Classes, generator)).ToArray());
            register_module("first", _first);
            register_module("blocks", _blocks);
        }
        else
        {
            _gated = new ModuleList<GatedPixelCnnLayer>(Enumerable.Range(0, options.Layers)
                .Select(l => l == 0
                    ? new GatedPixelCnnLayer(1, c, options.FirstKernel, MaskType.A, options.Classes, generator)
                    : new GatedPixelCnnLayer(c, c, options.Kernel, MaskType.B, options.Classes, generator)).ToArray());
            register_module("gated", _gated);
        }

        _head = new MaskedConv2d(c, c, ones(1, 1), generator);
        _output = new MaskedConv2d(c, 1, ones(1, 1), generator);
        _pixelBias = nn.Parameter(zeros(options.Dimensions));   // [D]
        register_module("head", _head);
        register_module("output", _output);
        register_parameter("pixel_bias", _pixelBias);
    }

    public PixelCnnOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>b, <c>[D]</c> in raster order: a learned logit offset per pixel (the borders of digits are almost never on).</summary>
    public Parameter PixelBias => _pixelBias;

    /// <summary>The plain variant's first (mask-A) convolution; null for the gated variant.</summary>
    public MaskedConv2d? FirstConvolution => _first;

    /// <summary>The gated layers; empty for the plain variant.</summary>
    public IReadOnlyList<GatedPixelCnnLayer> GatedLayers => _gated?.ToArray() ?? [];

    /// <summary>The logits of all D conditionals of an unconditional model, <c>[batch, D]</c>.</summary>
    public override Tensor forward(Tensor x) => Logits(x, null);

    /// <summary>The logits of all D conditionals, <c>[batch, D]</c>; column d is p(x_d = 1 | x_&lt;d) in raster order.</summary>
    /// <param name="x">Images, <c>[batch, D]</c>, binary.</param>
    /// <param name="labels">Class labels <c>[batch]</c> for a conditional model; null otherwise.</param>
    public Tensor Logits(Tensor x, Tensor? labels)
    {
        RequireShape(x);
        using var scope = NewDisposeScope();
        var images = x.to_type(_pixelBias.dtype).reshape(x.shape[0], 1, Options.Height, Options.Width);
        return ImageLogits(images, Labels(labels, x), 0).reshape(x.shape[0], Dimensions).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor LogProb(Tensor x) => LogProb(x, null);

    /// <summary>Exact log p(x) (or log p(x | y)) in nats per example, <c>[batch]</c>.</summary>
    /// <param name="x">Images, <c>[batch, D]</c>, binary.</param>
    /// <param name="labels">Class labels <c>[batch]</c> for a conditional model; null otherwise.</param>
    public Tensor LogProb(Tensor x, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(_pixelBias.dtype);
        return LogDensities.BernoulliLogProb(Logits(xs, labels), xs).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Ancestral sampling in raster order: D network passes, each on the last R + 1 rows.</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var scope = NewDisposeScope();
        var blank = zeros(n, Dimensions, dtype: _pixelBias.dtype, device: _pixelBias.device);
        return Complete(blank, null, null, generator).MoveToOuterDisposeScope();
    }

    /// <summary>Draws one image of each given class from p(x | y), <c>[n, D]</c>.</summary>
    /// <param name="labels">Class labels, <c>[n]</c>.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    public Tensor Sample(Tensor labels, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var blank = zeros(labels.shape[0], Dimensions, dtype: _pixelBias.dtype, device: _pixelBias.device);
        return Complete(blank, null, labels, generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fills in the unobserved pixels of <paramref name="x"/> in raster order, keeping every observed pixel and
    /// drawing every unobserved one from p(x_ij | x_&lt;ij) (and the label, if any), as <see cref="Nade.Inpaint"/> does.
    /// </summary>
    /// <remarks>
    /// Exact draws from p(x_unobserved | x_observed) when every observed pixel precedes every unobserved one
    /// (the top rows of a digit); otherwise the autoregressive completion, which ignores observed pixels that
    /// come later. Observed entries come back bit for bit, in the dtype of <paramref name="x"/>. A pixel observed
    /// in every image costs no network pass (completing the bottom half takes half the passes of a sample), so the
    /// random stream, unlike <see cref="Nade.Inpaint"/>'s, depends on the mask.
    /// </remarks>
    /// <param name="x">Images, <c>[n, D]</c>; entries at unobserved positions are ignored.</param>
    /// <param name="observed">1/true where a pixel is observed, <c>[n, D]</c> or <c>[D]</c> for all images.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    /// <param name="labels">Class labels <c>[n]</c> for a conditional model; null otherwise.</param>
    public Tensor Inpaint(Tensor x, Tensor observed, torch.Generator? generator = null, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        RequireShape(x);
        using var scope = NewDisposeScope();
        var mask = observed.to_type(ScalarType.Bool).to(x.device).expand(x.shape[0], Dimensions);
        return Complete(x, mask, labels, generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits of a band of rows, <c>[n, 1, h, W]</c> → <c>[n, 1, h, W]</c>, whose first row is row
    /// <paramref name="firstRow"/> of the image (it selects the pixel biases). Row r of the result is exact when
    /// the band starts at the top of the image or at least R rows above r.
    /// </summary>
    internal Tensor ImageLogits(Tensor images, Tensor? labels, int firstRow)
    {
        using var scope = NewDisposeScope();
        if (images.shape[0] == 1)
        {
            // libtorch tries NNPACK for a batch of one image and, on CPUs it does not support, prints a warning per
            // convolution to stderr; a batch of two identical images takes the ordinary path and gives the same logits.
            var pair = ImageLogits(images.expand(2, -1, -1, -1), labels?.expand(2), firstRow);
            return pair.narrow(0, 0, 1).MoveToOuterDisposeScope();
        }

        Tensor features;
        if (_gated is not null)
        {
            var (vertical, horizontal) = (images, images);
            foreach (var layer in _gated)
            {
                (vertical, horizontal) = layer.Forward(vertical, horizontal, labels);
            }

            features = horizontal;                                                   // [n, C, h, W]
        }
        else
        {
            features = _first!.forward(images);
            foreach (var block in _blocks!)
            {
                features = block.Forward(features, labels);
            }
        }

        var logits = _output.forward(nn.functional.relu(_head.forward(nn.functional.relu(features))));   // [n, 1, h, W]
        var bias = _pixelBias.view(Options.Height, Options.Width).narrow(0, firstRow, images.shape[2]);
        return (logits + bias).MoveToOuterDisposeScope();
    }

    private Tensor Complete(Tensor x, Tensor? observed, Tensor? labels, torch.Generator? generator)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        int height = Options.Height, width = Options.Width, reach = Options.ReceptiveFieldRows;
        var y = Labels(labels, x);
        // Unobserved entries are zeroed: masked weights are 0, but 0 × NaN would still poison the sum.
        var known = observed is null ? zeros_like(x, dtype: _pixelBias.dtype) : where(observed, x.to_type(_pixelBias.dtype), 0);
        var work = known.reshape(n, 1, height, width);                                  // [n, 1, H, W]
        var everywhere = observed is null ? null : observed.all(0L).data<bool>().ToArray(); // [D]: observed in every image
        for (var i = 0; i < height; i++)
        {
            var top = Math.Max(0, i - reach);
            for (var j = 0; j < width; j++)
            {
                if (everywhere is not null && everywhere[(i * width) + j])
                {
                    continue;
                }

                using var step = NewDisposeScope();
                var band = work.narrow(2, top, i - top + 1);                            // [n, 1, ≤ R+1, W]
                var logit = ImageLogits(band, y, top)[.., 0, i - top, j];               // [n]
                var value = bernoulli(sigmoid(logit), generator);
                if (observed is not null)
                {
                    value = where(observed[.., (i * width) + j], work[.., 0, i, j], value);
                }

                work[.., 0, i, j] = value;
            }
        }

        var drawn = work.reshape(n, Dimensions).to_type(x.dtype);
        return (observed is null ? drawn : where(observed, x, drawn)).MoveToOuterDisposeScope();
    }

    private Tensor? Labels(Tensor? labels, Tensor x)
    {
        if (Options.Classes == 0)
        {
            return labels is null ? null : throw new ArgumentException("This PixelCNN is unconditional; pass no labels.", nameof(labels));
        }

        if (labels is null || labels.dim() != 1 || labels.shape[0] != x.shape[0])
        {
            throw new ArgumentException(
                $"This PixelCNN is conditioned on {Options.Classes} classes: pass labels of shape [{x.shape[0]}] with the images.", nameof(labels));
        }

        return labels.to_type(ScalarType.Int64).to(x.device);
    }

    private void RequireShape(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {Dimensions}] (flattened {Options.Height}×{Options.Width} images), got [{string.Join(", ", x.shape)}].", nameof(x));
        }
    }
}
