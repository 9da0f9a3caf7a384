using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>Sampling from a <see cref="Ddpm"/>: the ancestral chain (T steps) and DDIM (any S ≤ T steps).</summary>
public sealed partial class Ddpm
{
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
}
