using GenerativeCourse.Probability;
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
public sealed class Ddpm : nn.Module
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

    /// <summary>
    /// Ancestral sampling (Ho et al., algorithm 2): x_T ~ N(0, I), then for t = T…1
    /// x_{t−1} = μ̃_t(x_t, x̂_0) + σ_t z with z ~ N(0, I) for t &gt; 1 and z = 0 for the last step. T network calls.
    /// </summary>
    /// <param name="n">Number of samples.</param>
    /// <param name="labels">Class labels <c>[n]</c> or null.</param>
    /// <param name="guidance">Classifier-free guidance weight w.</param>
    /// <param name="generator">Random source of x_T and of every z.</param>
    /// <param name="clipDenoised">Clip x̂_0 to [−1, 1] before the posterior mean (Ho et al.'s code does, for images).</param>
    /// <param name="observe">Called with (t − 1, x_{t−1}) after every step, e.g. to keep a trajectory (clone what you keep).</param>
    /// <param name="constrain">Applied as x_{t−1} ← constrain(t − 1, x_{t−1}) after every step: conditioning at sampling
    /// time (<see cref="SamplingConstraints"/>: inpainting, super-resolution).</param>
    /// <returns><c>[n, ...example shape]</c>, without gradients.</returns>
    public Tensor SampleAncestral(
        int n, Tensor? labels = null, double guidance = 0, torch.Generator? generator = null, bool clipDenoised = false,
        Action<int, Tensor>? observe = null, Func<int, Tensor, Tensor>? constrain = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        var x = Start(n, generator);
        for (var t = Schedule.Steps; t >= 1; t--)
        {
            using var scope = NewDisposeScope();
            var steps = full(n, t, dtype: int64, device: x.device);
            var x0 = Denoise(x, t, PredictNoise(x, steps, labels, guidance), clipDenoised);
            var (ofData, ofNoisy) = Schedule.PosteriorMeanCoefficients(t);
            var next = (ofData * x0) + (ofNoisy * x);
            if (t > 1)
            {
                next = next + (Math.Sqrt(ReverseVarianceAt(t)) * randn(x.shape, dtype: x.dtype, device: x.device, generator: generator));
            }

            if (constrain is not null)
            {
                next = constrain(t - 1, next);
            }

            observe?.Invoke(t - 1, next);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }

        return x;
    }

    /// <summary>
    /// DDIM sampling (Song, Meng &amp; Ermon 2021, "Denoising Diffusion Implicit Models", ICLR, eq. 12) on the
    /// sub-sequence τ of <see cref="DdimSteps"/>: from step t to the previous one s (ᾱ_0 = 1 after the last),
    /// <code>x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s − σ²) ε̂ + σ z,   σ = η √((1 − ᾱ_s)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_s).</code>
    /// η = 0 is deterministic given x_T (the probability-flow-like ODE sampler); η = 1 with all T steps is
    /// <see cref="SampleAncestral"/> with σ_t² = β̃_t, draw for draw (z is drawn only where σ &gt; 0).
    /// </summary>
    /// <param name="n">Number of samples.</param>
    /// <param name="steps">S, the number of network calls, 1 ≤ S ≤ T.</param>
    /// <param name="eta">η ≥ 0.</param>
    /// <param name="labels">Class labels <c>[n]</c> or null.</param>
    /// <param name="guidance">Classifier-free guidance weight w.</param>
    /// <param name="generator">Random source of x_T (and of z when η &gt; 0).</param>
    /// <param name="clipDenoised">Clip x̂_0 to [−1, 1], and use the ε̂ consistent with the clipped x̂_0.</param>
    /// <param name="start">x_T to start from, <c>[n, ...]</c> (e.g. the same noise for several S); drawn when null.</param>
    /// <returns><c>[n, ...example shape]</c>, without gradients.</returns>
    public Tensor SampleDdim(
        int n, int steps, double eta = 0, Tensor? labels = null, double guidance = 0, torch.Generator? generator = null,
        bool clipDenoised = false, Tensor? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(eta);
        var tau = DdimSteps(Schedule.Steps, steps);
        using var noGrad = no_grad();
        var x = start is null ? Start(n, generator) : start.clone();
        for (var i = tau.Length - 1; i >= 0; i--)
        {
            using var scope = NewDisposeScope();
            var t = tau[i];
            var s = i == 0 ? 0 : tau[i - 1];
            var alphaBar = Schedule.AlphaBar(t);
            var alphaBarPrevious = Schedule.AlphaBar(s);
            var noise = PredictNoise(x, full(n, t, dtype: int64, device: x.device), labels, guidance);
            var x0 = Denoise(x, t, noise, clipDenoised);
            if (clipDenoised)
            {
                noise = (x - (Math.Sqrt(alphaBar) * x0)) / Math.Sqrt(1 - alphaBar);
            }

            var sigma = eta * Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar) * (1 - (alphaBar / alphaBarPrevious)));
            var next = (Math.Sqrt(alphaBarPrevious) * x0) + (Math.Sqrt(Math.Max(0, 1 - alphaBarPrevious - (sigma * sigma))) * noise);
            if (sigma > 0)
            {
                next = next + (sigma * randn(x.shape, dtype: x.dtype, device: x.device, generator: generator));
            }

            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }

        return x;
    }

    /// <summary>
    /// The S steps τ_1 &lt; … &lt; τ_S of a DDIM sampler, evenly spaced in 1…T (Song et al.'s "uniform" sequence):
    /// τ_i = 1 + ⌊(i − 1) T / S⌋, so S = T gives every step.
    /// </summary>
    public static int[] DdimSteps(int totalSteps, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (steps < 1 || steps > totalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"DDIM takes between 1 and T = {totalSteps} steps.");
        }

        return [.. Enumerable.Range(0, steps).Select(i => 1 + (int)((long)i * totalSteps / steps))];
    }

    /// <summary>
    /// The variational bound on −log P(x_0) of 8-bit images, term by term (<see cref="DdpmBound"/>), in nats per image,
    /// without gradients. Each middle term is the closed-form KL between Gaussians at one draw x_t ~ q(x_t | x_0); the
    /// decoder p_θ(x_0 | x_1) is the <see cref="DiscretisedGaussian"/> at μ_θ(x_1, 1) = x̂_0 with σ_1² = β̃_2, as in Ho
    /// et al.'s code (β̃_1 = 0 would make the decoder degenerate).
    /// </summary>
    /// <param name="x0">Images on the grid 2k/255 − 1 (<see cref="FromBytes"/>), <c>[batch, ...]</c>.</param>
    /// <param name="labels">Class labels or null (the bound of the conditional model, −log P(x_0 | y)).</param>
    /// <param name="stepsPerExample">Null: every step t = 2…T (T − 1 network calls per image). K: an unbiased
    /// stratified estimate of Σ_{t≥2} L_{t−1}: the steps 2…T are cut into K strata of (nearly) equal size, one step drawn
    /// uniformly in each, its term weighted by the stratum's size.</param>
    /// <param name="generator">Random source of the draws x_t (and of the strata's steps).</param>
    public DdpmBound VariationalBound(Tensor x0, Tensor? labels = null, int? stepsPerExample = null, torch.Generator? generator = null)
    {
        RequireShape(x0);
        var steps = Schedule.Steps;
        if (steps < 2)
        {
            throw new InvalidOperationException("The bound needs T ≥ 2 (the decoder's variance is β̃_2).");
        }

        if (stepsPerExample is { } k && (k < 1 || k > steps - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(stepsPerExample), k, $"Between 1 and T − 1 = {steps - 1} strata.");
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = x0.shape[0];
        var data = x0.to_type(float64);
        var alphaBarT = Schedule.AlphaBar(steps);
        var prior = KlDivergence.FromStandardNormal(Math.Sqrt(alphaBarT) * data, full_like(data, Math.Log(1 - alphaBarT)));

        var decoderStd = Math.Sqrt(Schedule.PosteriorVariance(2));
        var (mean1, _) = Reverse(x0, full(batch, 1, dtype: int64, device: x0.device), labels, generator);
        var decoder = -DiscretisedGaussian.LogProb(x0, mean1, tensor(decoderStd, float64));

        Tensor diffusion;
        Tensor? perStep = null;
        if (stepsPerExample is null)
        {
            var columns = new List<Tensor> { decoder };
            for (var t = 2; t <= steps; t++)
            {
                using var stepScope = NewDisposeScope();
                columns.Add(Term(x0, full(batch, t, dtype: int64, device: x0.device), labels, generator).MoveToOuterDisposeScope());
            }

            perStep = stack(columns, 1);                                                                  // [batch, T]
            diffusion = perStep.narrow(1, 1, steps - 1).sum(1);
        }
        else
        {
            var strata = stepsPerExample.Value;
            diffusion = zeros(batch, dtype: float64, device: x0.device);
            for (var j = 0; j < strata; j++)
            {
                using var stepScope = NewDisposeScope();
                var first = 2 + (int)((long)j * (steps - 1) / strata);
                var end = 2 + (int)((long)(j + 1) * (steps - 1) / strata);                                 // exclusive
                var t = randint(first, end, [batch], dtype: int64, generator: generator).to(x0.device);
                diffusion.add_((end - first) * Term(x0, t, labels, generator));
            }
        }

        return new DdpmBound(
            prior.MoveToOuterDisposeScope(), diffusion.MoveToOuterDisposeScope(), decoder.MoveToOuterDisposeScope(),
            perStep?.MoveToOuterDisposeScope());
    }

    /// <summary>L_{t−1} = KL(N(μ̃_t, β̃_t) ‖ N(μ_θ, σ_t²)) summed over dimensions at one draw x_t ~ q(x_t | x_0), t ≥ 2.</summary>
    private Tensor Term(Tensor x0, Tensor t, Tensor? labels, torch.Generator? generator)
    {
        using var scope = NewDisposeScope();
        var (modelMean, noisy) = Reverse(x0, t, labels, generator);
        var (posteriorMean, posteriorVariance) = Process.Posterior(x0.to_type(float64), noisy, t);
        var modelVariance = Schedule.Gather(t, ReverseVarianceAt, firstStep: 1);
        var logPosterior = ForwardProcess.PerExample(posteriorVariance.log(), posteriorMean).expand_as(posteriorMean);
        var logModel = ForwardProcess.PerExample(modelVariance.log(), posteriorMean).expand_as(posteriorMean);
        return KlDivergence.BetweenDiagonalGaussians(posteriorMean, logPosterior, modelMean, logModel).MoveToOuterDisposeScope();
    }

    /// <summary>μ_θ(x_t, t) = μ̃_t(x_t, x̂_0) at one draw x_t ~ q(x_t | x_0), both float64.</summary>
    private (Tensor ModelMean, Tensor Noisy) Reverse(Tensor x0, Tensor t, Tensor? labels, torch.Generator? generator)
    {
        using var scope = NewDisposeScope();
        var (noisy, _) = Process.Sample(x0, t, generator);
        var predicted = _network.PredictNoise(noisy, t, labels);
        var n64 = noisy.to_type(float64);
        var alphaBar = ForwardProcess.PerExample(Schedule.Gather(t, Schedule.AlphaBar), n64);
        var x0Hat = (n64 - ((1 - alphaBar).sqrt() * predicted.to_type(float64))) / alphaBar.sqrt();
        var ofData = ForwardProcess.PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfData, firstStep: 1), n64);
        var ofNoisy = ForwardProcess.PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfNoisy, firstStep: 1), n64);
        return (((ofData * x0Hat) + (ofNoisy * n64)).MoveToOuterDisposeScope(), n64.MoveToOuterDisposeScope());
    }

    /// <summary>x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, optionally clipped to [−1, 1].</summary>
    private Tensor Denoise(Tensor noisy, int t, Tensor noise, bool clip)
    {
        var alphaBar = Schedule.AlphaBar(t);
        var x0 = (noisy - (Math.Sqrt(1 - alphaBar) * noise)) / Math.Sqrt(alphaBar);
        return clip ? x0.clamp(-1, 1) : x0;
    }

    private Tensor Start(int n, torch.Generator? generator)
    {
        var device = parameters().FirstOrDefault()?.device ?? CPU;
        return randn([n, .. _exampleShape], dtype: float32, device: device, generator: generator);
    }

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
