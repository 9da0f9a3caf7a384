using GenerativeCourse.Probability;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>The variational bound of a <see cref="Ddpm"/> on −log P(x_0) of 8-bit images (<see cref="DdpmBound"/>).</summary>
public sealed partial class Ddpm
{
    /// <summary>Rows (image × step) per network call of the exact bound.</summary>
    private const long ExactBoundRows = 256;

    /// <summary>
    /// The variational bound on −log P(x_0) of 8-bit images, term by term (<see cref="DdpmBound"/>), in nats per image,
    /// without gradients. Each middle term is the closed-form KL between Gaussians at one draw x_t ~ q(x_t | x_0); the
    /// decoder p_θ(x_0 | x_1) is the <see cref="DiscretisedGaussian"/> at μ_θ(x_1, 1) = x̂_0 with σ_1² = β̃_2, as in Ho
    /// et al.'s code (β̃_1 = 0 would make the decoder degenerate).
    /// </summary>
    /// <param name="x0">Images on the grid 2k/255 − 1 (<see cref="FromBytes"/>), <c>[batch, ...]</c>.</param>
    /// <param name="labels">Class labels or null (the bound of the conditional model, −log P(x_0 | y)).</param>
    /// <param name="stepsPerExample">Null: every step t = 2…T (T − 1 network calls per image, several steps per call).
    /// K: an unbiased stratified estimate of Σ_{t≥2} L_{t−1}: the steps 2…T are cut into the K strata of
    /// <see cref="BoundStrata"/>, one step drawn uniformly in each, its term weighted by the stratum's size.</param>
    /// <param name="generator">Random source of the draws x_t (and of the strata's steps).</param>
    /// <param name="clipDenoised">Clip x̂_0 to [−1, 1] in every reverse mean, as the samplers do with the same flag: the
    /// bound is then the bound of the model those samplers draw from (Ho et al.'s and Nichol &amp; Dhariwal's code score
    /// it so).</param>
    public DdpmBound VariationalBound(
        Tensor x0, Tensor? labels = null, int? stepsPerExample = null, torch.Generator? generator = null, bool clipDenoised = false)
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
        var (mean1, _) = Reverse(x0, full(batch, 1, dtype: int64, device: x0.device), labels, generator, clipDenoised);
        var decoder = -DiscretisedGaussian.LogProb(x0, mean1, tensor(decoderStd, float64));

        Tensor diffusion;
        Tensor? perStep = null;
        if (stepsPerExample is null)
        {
            // Several steps per network call: every image at steps t…t + m − 1, step-major, about 256 rows per call.
            var columns = new List<Tensor> { decoder.unsqueeze(1) };
            var perCall = (int)Math.Max(1, ExactBoundRows / batch);
            for (var t = 2; t <= steps; t += perCall)
            {
                using var stepScope = NewDisposeScope();
                var m = Math.Min(perCall, steps + 1 - t);
                var rows = arange(t, t + m, dtype: int64, device: x0.device).repeat_interleave(batch);          // [m·batch]
                var images = x0.repeat([m, .. Enumerable.Repeat(1L, (int)x0.dim() - 1)]);
                var rowLabels = labels?.repeat(m);
                columns.Add(Term(images, rows, rowLabels, generator, clipDenoised).reshape(m, batch).t().MoveToOuterDisposeScope());
            }

            perStep = cat(columns, 1);                                                                    // [batch, T]
            diffusion = perStep.narrow(1, 1, steps - 1).sum(1);
        }
        else
        {
            var bounds = BoundStrata(steps, stepsPerExample.Value);
            diffusion = zeros(batch, dtype: float64, device: x0.device);
            for (var j = 0; j + 1 < bounds.Length; j++)
            {
                using var stepScope = NewDisposeScope();
                var (first, end) = (bounds[j], bounds[j + 1]);                                             // end exclusive
                var t = randint(first, end, [batch], dtype: int64, generator: generator).to(x0.device);
                diffusion.add_((end - first) * Term(x0, t, labels, generator, clipDenoised));
            }
        }

        return new DdpmBound(
            prior.MoveToOuterDisposeScope(), diffusion.MoveToOuterDisposeScope(), decoder.MoveToOuterDisposeScope(),
            perStep?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The strata of the stratified bound: K + 1 increasing steps 2 = b_0 &lt; b_1 &lt; … &lt; b_K = T + 1, stratum j being
    /// b_j…b_{j+1} − 1. They are spaced geometrically, b_j ≈ 2 ((T + 1)/2)^{j/K} (rounded, at least one step each),
    /// because L_{t−1} falls roughly like 1/t: the first steps carry most of the bound (Nichol &amp; Dhariwal 2021,
    /// fig. 2), and equal-width strata would hide them in one wide stratum whose single draw makes the estimate noisy.
    /// </summary>
    /// <param name="steps">T ≥ 2.</param>
    /// <param name="strata">K, 1 ≤ K ≤ T − 1; K = T − 1 gives one step per stratum, the exact sum.</param>
    public static int[] BoundStrata(int steps, int strata)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (strata < 1 || strata > steps - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(strata), strata, $"Between 1 and T − 1 = {steps - 1} strata.");
        }

        var bounds = new int[strata + 1];
        bounds[0] = 2;
        bounds[strata] = steps + 1;
        for (var j = 1; j < strata; j++)
        {
            var geometric = (int)Math.Round(2 * Math.Pow((steps + 1) / 2.0, (double)j / strata));
            bounds[j] = Math.Clamp(geometric, bounds[j - 1] + 1, steps + 1 - (strata - j));
        }

        return bounds;
    }

    /// <summary>L_{t−1} = KL(N(μ̃_t, β̃_t) ‖ N(μ_θ, σ_t²)) summed over dimensions at one draw x_t ~ q(x_t | x_0), t ≥ 2.</summary>
    private Tensor Term(Tensor x0, Tensor t, Tensor? labels, torch.Generator? generator, bool clip)
    {
        using var scope = NewDisposeScope();
        var (modelMean, noisy) = Reverse(x0, t, labels, generator, clip);
        var (posteriorMean, posteriorVariance) = Process.Posterior(x0.to_type(float64), noisy, t);
        var modelVariance = Schedule.Gather(t, ReverseVarianceAt, firstStep: 1);
        var logPosterior = ForwardProcess.PerExample(posteriorVariance.log(), posteriorMean).expand_as(posteriorMean);
        var logModel = ForwardProcess.PerExample(modelVariance.log(), posteriorMean).expand_as(posteriorMean);
        return KlDivergence.BetweenDiagonalGaussians(posteriorMean, logPosterior, modelMean, logModel).MoveToOuterDisposeScope();
    }

    /// <summary>μ_θ(x_t, t) = μ̃_t(x_t, x̂_0), x̂_0 optionally clipped to [−1, 1], at one draw x_t ~ q(x_t | x_0), both float64.</summary>
    private (Tensor ModelMean, Tensor Noisy) Reverse(Tensor x0, Tensor t, Tensor? labels, torch.Generator? generator, bool clip)
    {
        using var scope = NewDisposeScope();
        var (noisy, _) = Process.Sample(x0, t, generator);
        var predicted = _network.PredictNoise(noisy, t, labels);
        var n64 = noisy.to_type(float64);
        var alphaBar = ForwardProcess.PerExample(Schedule.Gather(t, Schedule.AlphaBar), n64);
        var x0Hat = (n64 - ((1 - alphaBar).sqrt() * predicted.to_type(float64))) / alphaBar.sqrt();
        if (clip)
        {
            x0Hat = x0Hat.clamp(-1, 1);
        }

        var ofData = ForwardProcess.PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfData, firstStep: 1), n64);
        var ofNoisy = ForwardProcess.PerExample(Schedule.Gather(t, s => Schedule.PosteriorMeanCoefficients(s).OfNoisy, firstStep: 1), n64);
        return (((ofData * x0Hat) + (ofNoisy * n64)).MoveToOuterDisposeScope(), n64.MoveToOuterDisposeScope());
    }
}
