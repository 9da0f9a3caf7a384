using GenerativeCourse.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>Options of <see cref="RealNvp"/>.</summary>
/// <param name="Dimensions">D (2 for the toy densities).</param>
/// <param name="Couplings">Number of affine coupling layers; their masks alternate parity.</param>
/// <param name="Hidden">Units per hidden layer of each coupling's s, t network.</param>
/// <param name="HiddenLayers">Hidden layers per coupling network.</param>
/// <param name="UseActNorm">Put an <see cref="ActNorm"/> before every coupling (Glow's normalisation, in place of
/// the paper's batch normalisation).</param>
/// <param name="Image">When set, the examples are flattened images of this shape (Dimensions must equal
/// C·H·W) and the couplings use <see cref="CouplingMasks.Checkerboard"/> masks of alternating parity;
/// otherwise <see cref="CouplingMasks.Alternating"/>.</param>
/// <param name="Convolutional">With <paramref name="Image"/>: use the paper's convolutional architecture
/// (<see cref="ConvAffineCoupling"/>, <see cref="Squeeze"/>) instead of MLP couplings on the flattened image;
/// <paramref name="Couplings"/> is then the number of couplings per block and <paramref name="Hidden"/> the filters.</param>
/// <param name="Scales">With <paramref name="Convolutional"/>: the number of squeezes; after each one but the last, half
/// of the channels are factored out (<see cref="FactorOut"/>) and the next scale works on the other half.</param>
/// <param name="FullResolution">With <paramref name="Convolutional"/>: start with checkerboard couplings on the
/// input image (the paper); when false the flow squeezes first, as Glow does, and every coupling runs at half the
/// resolution or less, several times cheaper on a CPU.</param>
/// <param name="ResidualBlocks">With <paramref name="Convolutional"/>: extra 3 × 3 residual blocks in each s, t
/// network (<see cref="ConvAffineCoupling"/>).</param>
/// <param name="BaseComponents">0 for the standard normal base; C ≥ 1 for a <see cref="MixtureOfGaussiansMade"/> base with
/// C Gaussians per conditional and <paramref name="HiddenLayers"/> hidden layers of <paramref name="Hidden"/> units, as
/// <see cref="MafOptions.BaseComponents"/> gives MAF (see the remarks of <see cref="RealNvp"/>). Left out of the recipe
/// text at 0, the model it has always built (<see cref="OmittedAtDefaultAttribute"/>).</param>
public sealed record RealNvpOptions(
    int Dimensions, int Couplings = 8, int Hidden = 64, int HiddenLayers = 2, bool UseActNorm = true, ImageShape? Image = null,
    bool Convolutional = false, int Scales = 1, bool FullResolution = true, int ResidualBlocks = 0,
    [property: OmittedAtDefault] int BaseComponents = 0);

/// <summary>The shape of one image, channels × height × width, flattened channel first then row-major.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>C·H·W.</summary>
    public int Dimensions => Channels * Height * Width;
}

/// <summary>
/// Real-valued non-volume preserving flow (Dinh, Sohl-Dickstein &amp; Bengio 2017, "Density estimation using Real
/// NVP", ICLR) for D-dimensional vectors: a stack f of <see cref="AffineCoupling"/> layers with alternating masks
/// (each optionally preceded by <see cref="ActNorm"/>) maps data to a base density π, and
/// <code>log p(x) = log π(f(x)) + log |det ∂f/∂x|</code>
/// is exact. π is the paper's standard normal N(0, I), or with <see cref="RealNvpOptions.BaseComponents"/> = C a learned
/// autoregressive mixture (below). Sampling inverts the flow: x = f⁻¹(z), z ~ π, in one pass after drawing z.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="NormalizingFlow.forward"/> and <see cref="NormalizingFlow.LogProb"/> map <c>[batch, D]</c> to <c>[batch]</c>, a
/// log-density in nats per example with respect to Lebesgue measure (it can be positive);
/// <c>Sample</c> gives <c>[n, D]</c>.</para>
/// <para>The masks are <see cref="CouplingMasks.Alternating"/>; for D = 2 consecutive couplings transform x_1
/// given x_0, then x_0 given x_1. For images (<see cref="RealNvpOptions.Image"/>) they are checkerboards, and the
/// s, t networks are either MLPs on the flattened image, or (<see cref="RealNvpOptions.Convolutional"/>) small
/// convolutional networks with checkerboard and channel-wise masks around a <see cref="Squeeze"/>, the paper's
/// architecture, at one scale or with multi-scale factoring (<see cref="FactorOut"/>). Digits go through
/// <see cref="Dequantization"/> and <see cref="LogitTransform"/> first, and are scored in bits per dimension.</para>
/// <para>Base. f is a homeomorphism of ℝ^D (continuous both ways), so a flow of N(0, I) is positive everywhere, and the
/// region f⁻¹(B) that carries the mass of a ball B of codes (99 % of it, say) is connected, the image of a connected
/// set. Between separated modes (8 Gaussians, the squares of a checkerboard) it can only thin the bridges of density by
/// squeezing a sliver of z across every gap, which takes large, sharply varying scales that bounded couplings reach
/// slowly; it cannot tear space. A multimodal base needs no tearing: with C ≥ 1 components π is the MADE MoG of
/// Papamakarios, Pavlakou &amp; Murray (2017, the base of their "MAF MoG"),
/// <code>π(z) = Π_i Σ_c w_ic(z_{&lt;i}) N(z_i; m_ic(z_{&lt;i}), s_ic(z_{&lt;i})²),   Σ_c w_ic = 1,</code>
/// an autoregressive mixture whose weights, means and log-scales come from one MADE pass (<see cref="MixtureOfGaussiansMade"/>:
/// hidden degrees from seed 0, log-scales soft-clamped at <see cref="GaussianMade.DefaultLogScaleBound"/>, MAF's defaults),
/// and the flow only has to carry each mode onto a component. Sampling then draws z by D passes of that MADE, then
/// inverts the couplings in one pass.</para>
/// </remarks>
public sealed class RealNvp : NormalizingFlow
{
    /// <param name="options">Sizes.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public RealNvp(RealNvpOptions options, torch.Generator? generator = null)
        : base(nameof(RealNvp), options?.Dimensions ?? 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Couplings, 1);
        if (options.Image is { } image && image.Dimensions != options.Dimensions)
        {
            throw new ArgumentException($"The image shape {image} has {image.Dimensions} entries, not Dimensions = {options.Dimensions}.", nameof(options));
        }

        if (options.BaseComponents < 0)
        {
            throw new ArgumentException(
                $"BaseComponents is the number of Gaussians per conditional of the mixture base, or 0 for the standard normal base; got {options.BaseComponents}.", nameof(options));
        }

        if (options.BaseComponents > 0 && (options.HiddenLayers < 1 || options.Hidden < 1))
        {
            throw new ArgumentException(
                $"A mixture base (BaseComponents = {options.BaseComponents}) is a MADE with HiddenLayers layers of Hidden units, so both must be at least 1; got HiddenLayers = {options.HiddenLayers}, Hidden = {options.Hidden}.", nameof(options));
        }

        Options = options;
        UseFlow(options.Convolutional ? ConvolutionalLayers(options, generator) : CouplingLayers(options, generator));
        if (options.BaseComponents > 0)
        {
            UseMixtureBase(new MixtureOfGaussiansMade(
                options.Dimensions, Enumerable.Repeat(options.Hidden, options.HiddenLayers).ToArray(), options.BaseComponents, maskSeed: 0, generator));
        }
    }

    public RealNvpOptions Options { get; }

    /// <summary>Couplings on vectors (or flattened images): alternating or checkerboard masks, each after an optional ActNorm.</summary>
    private static List<FlowLayer> CouplingLayers(RealNvpOptions options, torch.Generator? generator)
    {
        var layers = new List<FlowLayer>();
        for (var k = 0; k < options.Couplings; k++)
        {
            if (options.UseActNorm)
            {
                layers.Add(new ActNorm(options.Dimensions));
            }

            using var mask = options.Image is { } shape
                ? CouplingMasks.Checkerboard(shape.Channels, shape.Height, shape.Width, k % 2)
                : CouplingMasks.Alternating(options.Dimensions, k % 2);
            layers.Add(new AffineCoupling(mask, options.Hidden, options.HiddenLayers, generator));
        }

        return layers;
    }

    /// <summary>
    /// The paper's multi-scale image architecture (§3.6). A scale is K checkerboard couplings on [C, H, W], a squeeze,
    /// and K channel-wise couplings on [4C, H/2, W/2]; then either half of the channels is factored out and the next
    /// scale works on [2C, H/2, W/2], or, at the last scale, K more checkerboard couplings follow. Parities alternate
    /// within each block and every coupling may be preceded by an ActNorm. One scale (the default) is the paper's
    /// architecture without factoring; at 28 × 28 two scales are possible (28 → 14 → 7).
    /// </summary>
    private static List<FlowLayer> ConvolutionalLayers(RealNvpOptions options, torch.Generator? generator)
    {
        var image = options.Image ?? throw new ArgumentException("Convolutional couplings need an image shape.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Scales, 1, nameof(options));
        return Scale(image, 1);

        List<FlowLayer> Scale(ImageShape shape, int scale)
        {
            var squeeze = new Squeeze(shape);
            var squeezed = squeeze.Output;
            var layers = new List<FlowLayer>();
            if (scale > 1 || options.FullResolution)
            {
                Block(layers, shape, parity => CouplingMasks.Checkerboard(shape.Channels, shape.Height, shape.Width, parity));
            }

            layers.Add(squeeze);
            Block(layers, squeezed, parity => CouplingMasks.Channel(squeezed.Channels, squeezed.Height, squeezed.Width, parity));
            if (scale == options.Scales)
            {
                Block(layers, squeezed, parity => CouplingMasks.Checkerboard(squeezed.Channels, squeezed.Height, squeezed.Width, parity));
                return layers;
            }

            var half = squeezed with { Channels = squeezed.Channels / 2 };
            layers.Add(new FactorOut(squeezed.Dimensions, new FlowSequence(Scale(half, scale + 1)), half.Dimensions));
            return layers;
        }

        void Block(List<FlowLayer> layers, ImageShape shape, Func<int, Tensor> mask)
        {
            for (var k = 0; k < options.Couplings; k++)
            {
                if (options.UseActNorm)
                {
                    layers.Add(new ActNorm(shape.Dimensions));
                }

                using var b = mask(k % 2);
                layers.Add(new ConvAffineCoupling(shape, b, options.Hidden, generator, options.ResidualBlocks));
            }
        }
    }
}
