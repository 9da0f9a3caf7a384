using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The forward (noising) process of a Gaussian diffusion (Ho, Jain &amp; Abbeel 2020, §2): a Markov chain that adds
/// Gaussian noise to x_0 in T steps, q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I), whose marginal has the closed form
/// <code>q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I),   so   x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε,  ε ~ N(0, I)</code>
/// and whose reversal given x_0 is the Gaussian posterior q(x_{t−1} | x_t, x_0) = N(μ̃_t(x_t, x_0), β̃_t I)
/// (<see cref="NoiseSchedule"/> has the coefficients).
/// </summary>
/// <remarks>
/// Shapes: x is <c>[batch, ...]</c> (digits as <c>[batch, 1, 28, 28]</c> in [−1, 1], 2-D toys as <c>[batch, 2]</c>); t is
/// int64 <c>[batch]</c>, one step per example; every result has x's shape and dtype. No parameters: nothing is learnt here.
/// </remarks>
public sealed class ForwardProcess
{
    /// <param name="schedule">The β_t.</param>
    public ForwardProcess(NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
    }

    public NoiseSchedule Schedule { get; }

    /// <summary>x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for a given ε: the reparameterised draw from q(x_t | x_0).</summary>
    /// <param name="x0">Data, <c>[batch, ...]</c>.</param>
    /// <param name="t">Steps in 0…T, int64 <c>[batch]</c>.</param>
    /// <param name="noise">ε, same shape as <paramref name="x0"/>.</param>
    public Tensor Noise(Tensor x0, Tensor t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noise);
        RequireBatch(x0, t);
        using var scope = NewDisposeScope();
        var alphaBar = PerExample(Schedule.Gather(t, Schedule.AlphaBar), x0);
        return ((alphaBar.sqrt() * x0) + ((1 - alphaBar).sqrt() * noise)).MoveToOuterDisposeScope();
    }

    /// <summary>A draw of x_t ~ q(x_t | x_0) and the ε that made it (the regression target of ε-prediction).</summary>
    /// <param name="x0">Data, <c>[batch, ...]</c>.</param>
    /// <param name="t">Steps in 0…T, int64 <c>[batch]</c>.</param>
    /// <param name="generator">Random source of ε; TorchSharp's process-wide one when null.</param>
    public (Tensor Noisy, Tensor Noise) Sample(Tensor x0, Tensor t, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(x0);
        using var scope = NewDisposeScope();
        var noise = randn(x0.shape, dtype: x0.dtype, device: x0.device, generator: generator);
        var noisy = Noise(x0, t, noise);
        return (noisy.MoveToOuterDisposeScope(), noise.MoveToOuterDisposeScope());
    }

    /// <summary>One step of the chain: x_t = √(1 − β_t) x_{t−1} + √β_t ε, a draw from q(x_t | x_{t−1}).</summary>
    /// <param name="previous">x_{t−1}, <c>[batch, ...]</c>.</param>
    /// <param name="t">The step being taken, 1 ≤ t ≤ T (the same for the whole batch).</param>
    /// <param name="generator">Random source of ε.</param>
    public Tensor Step(Tensor previous, int t, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        using var scope = NewDisposeScope();
        var beta = Schedule.Beta(t);
        var noise = randn(previous.shape, dtype: previous.dtype, device: previous.device, generator: generator);
        return ((Math.Sqrt(1 - beta) * previous) + (Math.Sqrt(beta) * noise)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The posterior q(x_{t−1} | x_t, x_0) = N(μ̃, β̃_t I): its mean μ̃ = c0_t x_0 + ct_t x_t (x's shape) and its variance
    /// β̃_t per example (<c>[batch]</c>, float64). For t = 1 the mean is x_0 and the variance 0.
    /// </summary>
    /// <param name="x0">Data, <c>[batch, ...]</c>.</param>
    /// <param name="noisy">x_t, same shape.</param>
    /// <param name="t">Steps in 1…T, int64 <c>[batch]</c>.</param>
    public (Tensor Mean, Tensor Variance) Posterior(Tensor x0, Tensor noisy, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noisy);
        RequireBatch(x0, t);
        using var scope = NewDisposeScope();
        var ofData = PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfData, firstStep: 1), x0);
        var ofNoisy = PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfNoisy, firstStep: 1), x0);
        var variance = Schedule.Gather(t, Schedule.PosteriorVariance, firstStep: 1);
        return (((ofData * x0) + (ofNoisy * noisy)).MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope());
    }

    /// <summary>A per-example value <c>[batch]</c> shaped to broadcast against x (<c>[batch, 1, …, 1]</c>), in x's dtype.</summary>
    internal static Tensor PerExample(Tensor values, Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return values.to_type(like.dtype).reshape(shape);
    }

    private static void RequireBatch(Tensor x, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.dim() != 1 || t.shape[0] != x.shape[0])
        {
            throw new ArgumentException($"Expected one step per example, t of shape [{x.shape[0]}], got [{string.Join(", ", t.shape)}].", nameof(t));
        }
    }
}
