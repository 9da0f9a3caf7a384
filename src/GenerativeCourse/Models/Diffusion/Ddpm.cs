using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>The variance σ_t² of the reverse steps p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t² I).</summary>
public enum ReverseVariance
{
    /// <summary>σ_t² = β̃_t, the posterior's (Ho et al.'s "fixed small"); the lower bound on the reverse entropy, and
    /// the choice under which DDIM with η = 1 is ancestral sampling.</summary>
    Posterior,

    /// <summary>σ_t² = β_t (Ho et al.'s "fixed large"); the upper bound.</summary>
    Beta,
}

/// <summary>Options of <see cref="Ddpm"/>.</summary>
/// <param name="Variance">σ_t² of the reverse steps.</param>
/// <param name="LabelDropout">Probability with which <see cref="Ddpm.Loss"/> replaces a label by the null label ∅, so one
/// network learns ε(x, y) and ε(x, ∅) for classifier-free guidance (Ho &amp; Salimans 2022 use 0.1 to 0.2).</param>
public sealed record DdpmOptions(ReverseVariance Variance = ReverseVariance.Posterior, double LabelDropout = 0.1);

/// <summary>
/// Denoising diffusion probabilistic models (Ho, Jain &amp; Abbeel 2020, "Denoising Diffusion Probabilistic Models",
/// NeurIPS): a fixed forward chain q (<see cref="ForwardProcess"/>) turns data into N(0, I) in T steps, and a learnt
/// reverse chain p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t² I) turns noise back into data, with the mean written through
/// a noise network ε_θ (<see cref="INoisePredictor"/>):
/// <code>μ_θ(x_t, t) = (x_t − β_t/√(1 − ᾱ_t) · ε_θ(x_t, t)) / √α_t = μ̃_t(x_t, x̂_0),   x̂_0 = (x_t − √(1 − ᾱ_t) ε_θ) / √ᾱ_t.</code>
/// Training minimises L_simple = E_{t, x_0, ε} ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖² with t uniform on 1…T
/// (<see cref="Loss"/>); sampling runs the reverse chain (<see cref="SampleAncestral"/>) or DDIM's shorter,
/// optionally deterministic chain (<see cref="SampleDdim"/>); <see cref="VariationalBound"/> scores 8-bit images.
/// </summary>
/// <remarks>
/// <para>Shapes: x is <c>[batch, ...example shape]</c> (digits <c>[batch, 1, 28, 28]</c>, scaled to [−1, 1] by
/// <see cref="FromBytes"/>); t int64 <c>[batch]</c> in 1…T; labels int64 <c>[batch]</c> (−1 = ∅) or null.</para>
/// <para>Why the bound is comparable with the flows' bits/dim: the last step p_θ(x_0 | x_1) is a
/// <see cref="DiscretisedGaussian"/>, a probability mass on the 256 grey levels, so L bounds −log P(k) for the byte
/// image k itself, P being a distribution over {0, …, 255}^D. A flow's dequantized bound −E_u log p((k + u)/256) +
/// D log 256 (<see cref="Flows.Dequantization"/>) bounds the same −log P(k) for its own discrete model. Both are nats
/// per byte image, divided by D ln 2; the different scalings ([0, 1) there, [−1, 1] here) are inside each model's P and
/// need no correction.</para>
/// </remarks>
public sealed partial class Ddpm : nn.Module
{
    private readonly INoisePredictor _network;
    private readonly long[] _exampleShape;

    /// <param name="network">ε_θ; registered as the submodule "network" when it is a module.</param>
    /// <param name="schedule">β_1…β_T.</param>
    /// <param name="exampleShape">The shape of one example, e.g. [1, 28, 28].</param>
    /// <param name="options">Reverse variance and label dropout; the defaults when null.</param>
    public Ddpm(INoisePredictor network, NoiseSchedule schedule, long[] exampleShape, DdpmOptions? options = null)
        : base(nameof(Ddpm))
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(exampleShape);
        if (exampleShape.Length == 0 || exampleShape.Any(s => s < 1))
        {
            throw new ArgumentException("The example shape needs at least one dimension, each ≥ 1.", nameof(exampleShape));
        }

        options ??= new DdpmOptions();
        if (options.LabelDropout is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LabelDropout, "LabelDropout is a probability.");
        }

        _network = network;
        _exampleShape = [.. exampleShape];
        Schedule = schedule;
        Process = new ForwardProcess(schedule);
        Options = options;
        if (network is nn.Module module)
        {
            register_module("network", module);
        }
    }

    /// <summary>ε_θ.</summary>
    public INoisePredictor Network => _network;

    public NoiseSchedule Schedule { get; }

    public ForwardProcess Process { get; }

    public DdpmOptions Options { get; }

    /// <summary>D, the number of numbers in one example (784 for a digit).</summary>
    public int Dimensions => (int)_exampleShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Byte values k ∈ {0, …, 255} → x_0 = 2k/255 − 1 ∈ [−1, 1], the scale of the bound's bins.</summary>
    public static Tensor FromBytes(Tensor bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return (bytes.to_type(float32) * (2.0 / 255)) - 1;
    }

    /// <summary>Bytes <c>[n, D]</c> (flattened images, k ∈ {0, …, 255}) → x_0 <c>[n, ...example shape]</c> in [−1, 1]
    /// (<see cref="FromBytes"/>, reshaped to this model's examples).</summary>
    public Tensor ExamplesFromBytes(Tensor bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return FromBytes(bytes).reshape([bytes.shape[0], .. _exampleShape]);
    }

    /// <summary>
    /// Samples or examples x ∈ [−1, 1] <c>[n, ...]</c> → grey levels (x + 1)/2 clipped to [0, 1], flattened to
    /// <c>[n, D]</c>: the inverse of <see cref="FromBytes"/> up to the factor 255, in the layout of the course's image
    /// grids and of the FID-style score.
    /// </summary>
    public static Tensor ToGrey(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ((x + 1) / 2).clamp(0, 1).reshape(x.shape[0], -1);
    }

    /// <summary>
    /// L_simple of one batch: mean over examples and dimensions of (ε − ε_θ(x_t, t, y))², t ~ U{1…T}, ε ~ N(0, I); with
    /// labels, each is replaced by ∅ with probability <see cref="DdpmOptions.LabelDropout"/>. A scalar, differentiable.
    /// </summary>
    /// <param name="x0">Data, <c>[batch, ...]</c>.</param>
    /// <param name="labels">Class labels or null.</param>
    /// <param name="generator">Random source of t, ε and the label dropout.</param>
    public Tensor Loss(Tensor x0, Tensor? labels = null, torch.Generator? generator = null)
    {
        RequireShape(x0);
        using var scope = NewDisposeScope();
        var batch = x0.shape[0];
        var t = randint(1, Schedule.Steps + 1, [batch], dtype: int64, generator: generator).to(x0.device);
        var (noisy, noise) = Process.Sample(x0, t, generator);
        if (labels is not null && Options.LabelDropout > 0)
        {
            var drop = rand(batch, generator: generator).to(x0.device) < Options.LabelDropout;
            labels = where(drop, full_like(labels, DiffusionUNet.NullLabel), labels.to_type(int64));
        }

        var predicted = _network.PredictNoise(noisy, t, labels);
        return (predicted - noise).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ε̂ with classifier-free guidance of weight w (Ho &amp; Salimans 2022, eq. 6): (1 + w) ε_θ(x_t, y) − w ε_θ(x_t, ∅);
    /// w = 0 (or no labels) is the plain network.
    /// </summary>
    public Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null, double guidance = 0)
    {
        if (labels is null || guidance == 0)
        {
            return _network.PredictNoise(noisy, t, labels);
        }

        using var scope = NewDisposeScope();
        var both = _network.PredictNoise(cat([noisy, noisy]), cat([t, t]), cat([labels, full_like(labels, DiffusionUNet.NullLabel)]))
            .chunk(2);                                                                                   // 2 × x's shape
        return (((1 + guidance) * both[0]) - (guidance * both[1])).MoveToOuterDisposeScope();
    }

    /// <summary>σ_t² of the reverse step from x_t, 1 ≤ t ≤ T (σ_1² is the decoder's, see <see cref="VariationalBound"/>).</summary>
    public double ReverseVarianceAt(int t) => Options.Variance == ReverseVariance.Posterior
        ? Schedule.PosteriorVariance(t)
        : Schedule.Beta(t);

    private void RequireShape(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != _exampleShape.Length + 1 || !x.shape.Skip(1).SequenceEqual(_exampleShape))
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {string.Join(", ", _exampleShape)}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }
    }
}
