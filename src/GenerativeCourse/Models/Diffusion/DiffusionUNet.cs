using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>Options of <see cref="DiffusionUNet"/>.</summary>
/// <param name="Channels">C, the channels at full resolution; level i has C·Multipliers[i] (Ho et al.: 128 on CIFAR-10).</param>
/// <param name="Multipliers">Channel multipliers per resolution, from the input's; each level after the first halves the
/// side (28 → 14 → 7 for three levels). Null means [1, 2, 2].</param>
/// <param name="BlocksPerLevel">Residual blocks per level on the way down (Ho et al.: 2); the way up has one more,
/// to consume the skip connection of the downsampling.</param>
/// <param name="Classes">Number of class labels for conditioning, 0 for an unconditional network. A conditional network
/// has one more embedding, the null label ∅ (label −1) of classifier-free guidance (Ho &amp; Salimans 2022).</param>
/// <param name="ImageChannels">Channels of the data (1 for digits).</param>
/// <param name="ImageSide">Side of the square images; must be divisible by 2^(levels − 1).</param>
/// <param name="Groups">Groups of every group normalisation (Ho et al.: 32); must divide every channel count.</param>
/// <param name="Dropout">Dropout rate inside the residual blocks (Ho et al.: 0.1 on CIFAR-10).</param>
/// <param name="PatchSize">p: the network reads p × p patches of pixels as channels (pixel unshuffle, Shi et al. 2016),
/// so its first level runs at side S/p with p² times the image's channels, and ε̂ is shuffled back to pixels at the
/// end; 1 reads pixels. p = 2 on 28 × 28 digits drops the costliest level and keeps a 3 × 3 convolution's view of
/// 6 × 6 pixels.</param>
public sealed record DiffusionUNetOptions(
    int Channels = 32,
    IReadOnlyList<int>? Multipliers = null,
    int BlocksPerLevel = 1,
    int Classes = 0,
    int ImageChannels = 1,
    int ImageSide = 28,
    int Groups = 8,
    double Dropout = 0.0,
    int PatchSize = 1)
{
    /// <summary>The multipliers in use: <see cref="Multipliers"/>, or [1, 2, 2].</summary>
    public IReadOnlyList<int> Levels => Multipliers ?? [1, 2, 2];

    /// <summary>E = 4C, the size of the step (and class) embedding, as in Ho et al.</summary>
    public int EmbeddingSize => 4 * Channels;

    /// <summary>Side of the first level, S/p.</summary>
    public int InnerSide => ImageSide / PatchSize;

    /// <summary>Channels the first level reads, C_img · p².</summary>
    public int InnerChannels => ImageChannels * PatchSize * PatchSize;
}

/// <summary>
/// The noise network ε_θ(x_t, t, y) of a <see cref="Ddpm"/>: a small U-Net (Ronneberger, Fischer &amp; Brox 2015) in the
/// form of Ho, Jain &amp; Abbeel (2020, appendix B), sized for 28×28 digits on a CPU. A stem convolution, then per level
/// <see cref="TimeConditionedResidualBlock"/>s and a stride-2 convolution down; two blocks in the middle; per level
/// blocks that read the matching skip connections (concatenated channels) and a nearest-neighbour upsampling with a
/// convolution up; group norm, SiLU and a convolution out. The step enters every block through its
/// <see cref="SinusoidalTimeEmbedding"/> and a two-layer MLP; a class label, when there is one, through a learnt
/// embedding added to it.
/// </summary>
/// <remarks>
/// <para>Shapes: x <c>[batch, C_img, S, S]</c> (digits: <c>[batch, 1, 28, 28]</c> in [−1, 1]), t int64 <c>[batch]</c>,
/// labels int64 <c>[batch]</c> or null → ε̂ of x's shape.</para>
/// <para>Departures from Ho et al., for two CPU cores: one block per level instead of two, no self-attention (at 7×7 the
/// 3×3 convolutions of the middle blocks already see the whole digit), C = 32 instead of 128, no dropout by default
/// (MNIST-sized training is far from overfitting in the budgets of the course).</para>
/// </remarks>
public sealed class DiffusionUNet : nn.Module<Tensor, Tensor, Tensor>, INoisePredictor
{
    private readonly Conv2d _stem;
    private readonly Sequential _timeMlp;
    private readonly Embedding? _classEmbedding;
    private readonly ModuleList<TimeConditionedResidualBlock> _down = new();
    private readonly ModuleList<Conv2d> _downsample = new();
    private readonly ModuleList<TimeConditionedResidualBlock> _middle = new();
    private readonly ModuleList<TimeConditionedResidualBlock> _up = new();
    private readonly ModuleList<Sequential> _upsample = new();
    private readonly GroupNorm _outNorm;
    private readonly Conv2d _out;

    /// <param name="options">Sizes; the defaults when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public DiffusionUNet(DiffusionUNetOptions? options = null, torch.Generator? generator = null)
        : base(nameof(DiffusionUNet))
    {
        options ??= new DiffusionUNetOptions();
        Validate(options);
        Options = options;
        var c = options.Channels;
        var e = options.EmbeddingSize;
        var side = options.InnerSide;
        _stem = nn.Conv2d(options.InnerChannels, c, 3, padding: 1);
        ForwardFlops = Convolution(options.InnerChannels, c, 3, side) + (2.0 * ((c * e) + (e * e)));
        _timeMlp = nn.Sequential(("linear0", nn.Linear(c, e)), ("silu", nn.SiLU()), ("linear1", nn.Linear(e, e)));
        if (options.Classes > 0)
        {
            _classEmbedding = nn.Embedding(options.Classes + 1, e);
        }

        var levels = options.Levels;
        var skips = new Stack<int>();
        skips.Push(c);
        var channels = c;
        for (var i = 0; i < levels.Count; i++)
        {
            for (var b = 0; b < options.BlocksPerLevel; b++)
            {
                _down.Add(Block(channels, c * levels[i], side));
                channels = c * levels[i];
                skips.Push(channels);
            }

            if (i < levels.Count - 1)
            {
                side /= 2;
                _downsample.Add(nn.Conv2d(channels, channels, 3, stride: 2, padding: 1));
                ForwardFlops += Convolution(channels, channels, 3, side);
                skips.Push(channels);
            }
        }

        _middle.Add(Block(channels, channels, side));
        _middle.Add(Block(channels, channels, side));
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            for (var b = 0; b <= options.BlocksPerLevel; b++)
            {
                _up.Add(Block(channels + skips.Pop(), c * levels[i], side));
                channels = c * levels[i];
            }

            if (i > 0)
            {
                side *= 2;
                ForwardFlops += Convolution(channels, channels, 3, side);
                _upsample.Add(nn.Sequential(
                    ("nearest", nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest)),
                    ("conv", nn.Conv2d(channels, channels, 3, padding: 1))));
            }
        }

        _outNorm = nn.GroupNorm(options.Groups, channels);
        _out = nn.Conv2d(channels, options.InnerChannels, 3, padding: 1);
        ForwardFlops += Convolution(channels, options.InnerChannels, 3, side);
        register_module("stem", _stem);
        register_module("time", _timeMlp);
        if (_classEmbedding is not null)
        {
            register_module("classes", _classEmbedding);
        }

        register_module("down", _down);
        register_module("downsample", _downsample);
        register_module("middle", _middle);
        register_module("up", _up);
        register_module("upsample", _upsample);
        register_module("out_norm", _outNorm);
        register_module("out", _out);
        Initialise(generator);

        TimeConditionedResidualBlock Block(int input, int output, int at)
        {
            // conv₁, conv₂, the 1×1 skip when the channels change, and the embedding's projection.
            ForwardFlops += Convolution(input, output, 3, at) + Convolution(output, output, 3, at)
                + (input == output ? 0 : Convolution(input, output, 1, at)) + (2.0 * e * output);
            return new(input, output, e, options.Groups, options.Dropout);
        }

        static double Convolution(int input, int output, int kernel, int at) => 2.0 * input * output * kernel * kernel * at * at;
    }

    public DiffusionUNetOptions Options { get; }

    /// <summary>Multiply-adds × 2 of one forward pass per image: the convolutions (each 2 · in · out · k² per output
    /// position) and the linear layers; the normalisations and activations are not counted.</summary>
    public double ForwardFlops { get; private set; }

    /// <summary>The label of the null class ∅ (classifier-free guidance's unconditional model).</summary>
    public const long NullLabel = -1;

    /// <summary>ε̂ of an unconditional call (the null label when the network is conditional).</summary>
    public override Tensor forward(Tensor noisy, Tensor t) => PredictNoise(noisy, t);

    /// <inheritdoc/>
    public Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentNullException.ThrowIfNull(t);
        var o = Options;
        if (noisy.dim() != 4 || noisy.shape[1] != o.ImageChannels || noisy.shape[2] != o.ImageSide || noisy.shape[3] != o.ImageSide)
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {o.ImageChannels}, {o.ImageSide}, {o.ImageSide}], got [{string.Join(", ", noisy.shape)}].", nameof(noisy));
        }

        if (t.dim() != 1 || t.shape[0] != noisy.shape[0])
        {
            throw new ArgumentException($"Expected one step per image, t of shape [{noisy.shape[0]}], got [{string.Join(", ", t.shape)}].", nameof(t));
        }

        if (labels is not null && _classEmbedding is null)
        {
            throw new ArgumentException("This network is unconditional (Classes = 0); pass no labels.", nameof(labels));
        }

        using var scope = NewDisposeScope();
        var embedding = _timeMlp.forward(SinusoidalTimeEmbedding.Embed(t, o.Channels).to(noisy.device));    // [batch, E]
        if (_classEmbedding is not null)
        {
            var y = labels?.to_type(int64) ?? full(noisy.shape[0], NullLabel, dtype: int64, device: noisy.device);
            if (y.numel() > 0 && (y.min().item<long>() < NullLabel || y.max().item<long>() >= o.Classes))
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"Labels must lie in 0…{o.Classes - 1}, or be −1 for the null label.");
            }

            embedding = embedding + _classEmbedding.forward(where(y < 0, full_like(y, o.Classes), y));      // ∅ is row Classes
        }

        var h = _stem.forward(o.PatchSize == 1 ? noisy : nn.functional.pixel_unshuffle(noisy, o.PatchSize));  // [batch, C, S/p, S/p]
        var skips = new Stack<Tensor>();
        skips.Push(h);
        var block = 0;
        for (var i = 0; i < o.Levels.Count; i++)
        {
            for (var b = 0; b < o.BlocksPerLevel; b++)
            {
                h = _down[block++].forward(h, embedding);
                skips.Push(h);
            }

            if (i < o.Levels.Count - 1)
            {
                h = _downsample[i].forward(h);                                                              // side halves
                skips.Push(h);
            }
        }

        h = _middle[1].forward(_middle[0].forward(h, embedding), embedding);
        block = 0;
        for (var i = o.Levels.Count - 1; i >= 0; i--)
        {
            for (var b = 0; b <= o.BlocksPerLevel; b++)
            {
                h = _up[block++].forward(cat([h, skips.Pop()], 1), embedding);
            }

            if (i > 0)
            {
                h = _upsample[o.Levels.Count - 1 - i].forward(h);                                            // side doubles
            }
        }

        var output = _out.forward(nn.functional.silu(_outNorm.forward(h)));                                  // [batch, C_img p², S/p, S/p]
        return (o.PatchSize == 1 ? output : nn.functional.pixel_shuffle(output, o.PatchSize)).MoveToOuterDisposeScope();
    }

    private static void Validate(DiffusionUNetOptions o)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Channels, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.BlocksPerLevel, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(o.Classes);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.ImageChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Groups, 1);
        if (o.Channels % 2 != 0)
        {
            throw new ArgumentException($"Channels must be even (it is also the size of the sinusoidal embedding), got {o.Channels}.", nameof(o));
        }

        if (o.Levels.Count == 0 || o.Levels.Any(m => m < 1))
        {
            throw new ArgumentException("Multipliers needs at least one level, every multiplier ≥ 1.", nameof(o));
        }

        if (o.PatchSize < 1 || o.ImageSide % o.PatchSize != 0)
        {
            throw new ArgumentException($"The patch size must be ≥ 1 and divide the side {o.ImageSide}, got {o.PatchSize}.", nameof(o));
        }

        var factor = 1 << (o.Levels.Count - 1);
        if (o.InnerSide < factor || o.InnerSide % factor != 0)
        {
            throw new ArgumentException($"{o.Levels.Count} levels halve the side {o.Levels.Count - 1} times: the side after patching, {o.InnerSide}, must be divisible by {factor}.", nameof(o));
        }
    }

    /// <summary>
    /// Convolutions, linear layers and the class embedding from U(−1/√fan_in, 1/√fan_in) with the seeded generator
    /// (<see cref="SeededInitialisation"/>); group norms start as the identity (scale 1, shift 0), as in PyTorch.
    /// </summary>
    private void Initialise(torch.Generator? generator)
    {
        SeededInitialisation.FanInUniform(this, generator);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.Contains("norm", StringComparison.Ordinal))
            {
                if (name.EndsWith("weight", StringComparison.Ordinal))
                {
                    parameter.fill_(1);
                }
                else
                {
                    parameter.zero_();
                }
            }
        }
    }
}
