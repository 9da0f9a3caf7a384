using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>The two variance schedules of the course's diffusion models.</summary>
public enum NoiseScheduleKind
{
    /// <summary>β_t rising linearly from β_1 to β_T (Ho, Jain &amp; Abbeel 2020: 10⁻⁴ to 0.02 over T = 1000).</summary>
    Linear,

    /// <summary>ᾱ_t = f(t)/f(0), f(t) = cos²(π/2 · (t/T + s)/(1 + s)) (Nichol &amp; Dhariwal 2021, s = 0.008).</summary>
    Cosine,
}

/// <summary>
/// The variance schedule β_1, …, β_T of a Gaussian diffusion (Sohl-Dickstein et al. 2015; Ho, Jain &amp; Abbeel 2020,
/// "Denoising Diffusion Probabilistic Models", NeurIPS), with every quantity the forward process, the posterior and the
/// bound read from it:
/// <code>
/// q(x_t | x_{t−1}) = N(√α_t x_{t−1}, β_t I),          α_t = 1 − β_t,
/// q(x_t | x_0)     = N(√ᾱ_t x_0, (1 − ᾱ_t) I),        ᾱ_t = Π_{s ≤ t} α_s,
/// q(x_{t−1} | x_t, x_0) = N(c0_t x_0 + ct_t x_t, β̃_t I),
///   c0_t = √ᾱ_{t−1} β_t / (1 − ᾱ_t),  ct_t = √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t),  β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t).
/// </code>
/// </summary>
/// <remarks>
/// <para>Steps are numbered as in the paper, t = 1, …, T; index 0 is the data itself (β_0 = 0, ᾱ_0 = 1), so
/// <see cref="AlphaBar"/>(t − 1) is defined for every step and β̃_1 = 0. Values are kept in float64 (the products
/// ᾱ_t reach 10⁻⁵ and the bound subtracts numbers close to each other); <see cref="Gather"/> hands them to tensors.</para>
/// <para><see cref="Linear"/>: Ho et al.'s β_t = β_1 + (β_T − β_1)(t − 1)/(T − 1), which ends at ᾱ_T ≈ 4·10⁻⁵ for the
/// paper's values. <see cref="Cosine"/>: Nichol &amp; Dhariwal's ᾱ_t = f(t)/f(0) with β_t = min(1 − ᾱ_t/ᾱ_{t−1}, 0.999)
/// and ᾱ recomputed as the product of the clipped 1 − β_t, as in their code; the clip only acts at the last steps
/// (f(T) = 0 would make β_T = 1) and keeps ᾱ_T &gt; 0.</para>
/// </remarks>
public sealed class NoiseSchedule
{
    private readonly double[] _beta;       // [T + 1], _beta[0] = 0
    private readonly double[] _alphaBar;   // [T + 1], _alphaBar[0] = 1

    private NoiseSchedule(NoiseScheduleKind kind, double[] betaFromOne)
    {
        Kind = kind;
        Steps = betaFromOne.Length;
        _beta = new double[Steps + 1];
        _alphaBar = new double[Steps + 1];
        _alphaBar[0] = 1;
        for (var t = 1; t <= Steps; t++)
        {
            _beta[t] = betaFromOne[t - 1];
            _alphaBar[t] = _alphaBar[t - 1] * (1 - _beta[t]);
        }
    }

    /// <summary>Which family the schedule belongs to.</summary>
    public NoiseScheduleKind Kind { get; }

    /// <summary>T, the number of noising steps.</summary>
    public int Steps { get; }

    /// <summary>Ho et al.'s linear schedule: β_t from <paramref name="first"/> to <paramref name="last"/> in T steps.</summary>
    /// <param name="steps">T ≥ 1; with T = 1 the single β is <paramref name="last"/>.</param>
    /// <param name="first">β_1 (10⁻⁴ in the paper).</param>
    /// <param name="last">β_T (0.02 in the paper).</param>
    public static NoiseSchedule Linear(int steps = 1000, double first = 1e-4, double last = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(first > 0 && first <= last && last < 1))
        {
            throw new ArgumentException($"Need 0 < β_1 ≤ β_T < 1, got β_1 = {first}, β_T = {last}.");
        }

        var beta = Enumerable.Range(1, steps)
            .Select(t => steps == 1 ? last : first + ((last - first) * (t - 1) / (steps - 1)))
            .ToArray();
        return new NoiseSchedule(NoiseScheduleKind.Linear, beta);
    }

    /// <summary>Nichol &amp; Dhariwal's cosine schedule (see the class remarks).</summary>
    /// <param name="steps">T ≥ 1.</param>
    /// <param name="offset">s, which keeps β_1 from being vanishingly small (0.008 in the paper).</param>
    /// <param name="maxBeta">The clip on β_t (0.999 in the paper).</param>
    public static NoiseSchedule Cosine(int steps = 1000, double offset = 0.008, double maxBeta = 0.999)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!(maxBeta > 0 && maxBeta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxBeta), maxBeta, "The clip on β must lie in (0, 1).");
        }

        double F(int t)
        {
            var c = Math.Cos((((double)t / steps) + offset) / (1 + offset) * Math.PI / 2);
            return c * c;
        }

        var beta = Enumerable.Range(1, steps).Select(t => Math.Min(1 - (F(t) / F(t - 1)), maxBeta)).ToArray();
        return new NoiseSchedule(NoiseScheduleKind.Cosine, beta);
    }

    /// <summary>β_t, the variance added at step t (β_0 = 0).</summary>
    public double Beta(int t) => _beta[Check(t)];

    /// <summary>α_t = 1 − β_t.</summary>
    public double Alpha(int t) => 1 - _beta[Check(t)];

    /// <summary>ᾱ_t = α_1 ⋯ α_t (ᾱ_0 = 1): the signal's share of the variance of x_t given x_0.</summary>
    public double AlphaBar(int t) => _alphaBar[Check(t)];

    /// <summary>
    /// β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the variance of q(x_{t−1} | x_t, x_0), for 1 ≤ t ≤ T (β̃_1 = 0: given
    /// x_0, x_0 is known).
    /// </summary>
    public double PosteriorVariance(int t)
    {
        RequireStep(t);
        return _beta[t] * (1 - _alphaBar[t - 1]) / (1 - _alphaBar[t]);
    }

    /// <summary>
    /// The coefficients of the posterior mean μ̃_t(x_t, x_0) = c0 x_0 + ct x_t, for 1 ≤ t ≤ T:
    /// c0 = √ᾱ_{t−1} β_t / (1 − ᾱ_t), ct = √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t) (Ho et al., eq. 7).
    /// </summary>
    public (double OfData, double OfNoisy) PosteriorMeanCoefficients(int t)
    {
        RequireStep(t);
        var denominator = 1 - _alphaBar[t];
        return (Math.Sqrt(_alphaBar[t - 1]) * _beta[t] / denominator, Math.Sqrt(1 - _beta[t]) * (1 - _alphaBar[t - 1]) / denominator);
    }

    /// <summary>
    /// One value per example of a per-step quantity, looked up at the steps <paramref name="t"/>: for example
    /// <c>Gather(t, s.AlphaBar)</c>. Returns <c>[batch]</c> float64 on <paramref name="t"/>'s device; the caller
    /// converts to the data's dtype.
    /// </summary>
    /// <param name="t">Steps in <paramref name="firstStep"/>…T, int64 <c>[batch]</c>.</param>
    /// <param name="value">The quantity, as a function of the step.</param>
    /// <param name="firstStep">The first step at which <paramref name="value"/> is defined: 0, or 1 for the posterior.</param>
    public Tensor Gather(Tensor t, Func<int, double> value, int firstStep = 0)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(value);
        using var scope = NewDisposeScope();
        var steps = t.to_type(int64).flatten();
        if (steps.numel() > 0 && (steps.min().item<long>() < firstStep || steps.max().item<long>() > Steps))
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"Steps must lie in {firstStep}…{Steps}.");
        }

        var table = tensor(Enumerable.Range(firstStep, Steps + 1 - firstStep).Select(value).ToArray(), float64, t.device);
        return table.index_select(0, steps - firstStep).MoveToOuterDisposeScope();               // [batch]
    }

    public override string ToString() => $"{Kind} schedule, T = {Steps}";

    private int Check(int t)
    {
        if (t < 0 || t > Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Steps run from 0 (the data) to T = {Steps}.");
        }

        return t;
    }

    private void RequireStep(int t)
    {
        if (t < 1 || t > Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"The posterior q(x_(t-1) | x_t, x_0) exists for t = 1…{Steps}.");
        }
    }
}
