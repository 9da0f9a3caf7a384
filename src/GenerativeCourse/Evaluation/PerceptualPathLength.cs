using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>How a path between two latent vectors is drawn (<see cref="PerceptualPathLength"/>).</summary>
public enum LatentInterpolation
{
    /// <summary>lerp(z₁, z₂; t) = (1 − t) z₁ + t z₂: a straight line.</summary>
    Linear,

    /// <summary>slerp(z₁, z₂; t): the arc of constant angular speed (Shoemake 1985), the paper's choice for z.</summary>
    Spherical,
}

/// <summary>A perceptual path length estimate (<see cref="PerceptualPathLength.Compute"/>).</summary>
/// <param name="Mean">Mean of the kept per-pair values d/ε², in squared feature units per unit of t squared.</param>
/// <param name="StandardError">Sample standard deviation of the kept values over √(kept).</param>
/// <param name="Kept">Pairs inside the percentile window (all of them when nothing is trimmed).</param>
/// <param name="TrimPercent">Percent cut from each end (the paper: 1).</param>
/// <param name="Epsilon">Step ε along the path.</param>
/// <param name="Interpolation">Linear or spherical.</param>
/// <param name="PairValues">d/ε² of every pair, in the order drawn, before trimming (for a histogram).</param>
public sealed record PathLengthReport(
    double Mean, double StandardError, int Kept, double TrimPercent, double Epsilon,
    LatentInterpolation Interpolation, IReadOnlyList<double> PairValues)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"PPL {Mean:G4} ± {StandardError:G2} ({(Interpolation == LatentInterpolation.Spherical ? "slerp" : "lerp")}, ε = {Epsilon:G2}, {Kept:N0} of {PairValues.Count:N0} pairs kept)");
}

/// <summary>
/// Perceptual path length, PPL (Karras, Laine &amp; Aila 2019, "A Style-Based Generator Architecture for Generative
/// Adversarial Networks", §4.1): how much a generator's output changes, perceptually, per small step
/// along an interpolation between two latent vectors. For z₁, z₂ ~ N(0, I), t ~ U(0, 1) and a small ε,
/// <code>PPL = E[ d(φ(G(path(z₁, z₂; t))), φ(G(path(z₁, z₂; t + ε)))) / ε² ],   d(a, b) = ‖a − b‖²,</code>
/// with path = slerp or lerp. A smooth, disentangled latent space has a short path length; a generator whose
/// images jump between modes along a path (through blends that are no digit) has a long one.
/// </summary>
/// <remarks>
/// <para>Units: d is a squared distance in the feature space φ, and dividing by ε² makes the value a squared speed,
/// E‖dφ(G)/dt‖² for small ε, in squared feature units per unit of t squared. The paper's d is the LPIPS distance
/// (Zhang et al. 2018), a weighted squared distance between VGG-16 features; the course uses the squared Euclidean
/// distance between the 128 features of its digit classifier (<see cref="DigitClassifier.Features"/>), so values compare
/// within the course only.</para>
/// <para>The authors' implementation draws 100,000 pairs, uses ε = 1e-4 and slerp for z, and discards the values below
/// the 1st and above the 99th percentile (numpy's "lower" and "higher" percentiles of all values), because a few pairs
/// with enormous values dominate the mean. <c>trimPercent</c> controls that cut; 0 keeps every pair.</para>
/// <para>Latents are drawn and interpolated in float64 and handed to <c>generator</c> in float32, the dtype of the
/// course's models. G must be deterministic (a VAE's decoder mean, not a Bernoulli sample of it), or its noise,
/// divided by ε², swamps the value.</para>
/// </remarks>
public static class PerceptualPathLength
{
    /// <summary>The paper's step along the path.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>The paper's cut at each end, in percent.</summary>
    public const double DefaultTrimPercent = 1.0;

    /// <summary>Estimates PPL from <paramref name="pairs"/> random pairs of latents.</summary>
    /// <param name="generator">G: latents float32 <c>[b, k]</c> → images <c>[b, …]</c>; deterministic, no gradients needed.</param>
    /// <param name="features">φ: images <c>[b, …]</c> → feature vectors <c>[b, f]</c> (or any <c>[b, …]</c>, flattened).</param>
    /// <param name="latentSize">k, the length of z.</param>
    /// <param name="pairs">Number of (z₁, z₂, t) draws, at least 2.</param>
    /// <param name="interpolation">Slerp (the paper's, for z) or lerp.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="trimPercent">Percent discarded at each end, in [0, 50); the paper's 1 by default.</param>
    /// <param name="seed">Seeds z₁, z₂ and t: the same seed gives the same pairs.</param>
    /// <param name="batchSize">Pairs per call of G (each call sees 2·batchSize latents).</param>
    public static PathLengthReport Compute(
        Func<Tensor, Tensor> generator, Func<Tensor, Tensor> features, int latentSize, int pairs,
        LatentInterpolation interpolation = LatentInterpolation.Spherical, double epsilon = DefaultEpsilon,
        double trimPercent = DefaultTrimPercent, ulong seed = 0, int batchSize = 250)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The step ε must be a positive number.");
        }

        if (!(trimPercent >= 0 && trimPercent < 50))
        {
            throw new ArgumentOutOfRangeException(nameof(trimPercent), trimPercent, "Expected a percent in [0, 50) to cut at each end.");
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(seed);
        // All draws first, so the pairs do not depend on the batch size (2 × 10,000 pairs × 64 latents: 10 MB).
        var start = randn(pairs, latentSize, dtype: ScalarType.Float64, generator: random);            // z₁ [pairs, k]
        var end = randn(pairs, latentSize, dtype: ScalarType.Float64, generator: random);              // z₂ [pairs, k]
        var times = rand(pairs, dtype: ScalarType.Float64, generator: random);                         // t [pairs]
        Func<Tensor, Tensor, Tensor, Tensor> path = interpolation == LatentInterpolation.Spherical ? Slerp : Lerp;
        var values = new List<double>(pairs);
        for (var first = 0; first < pairs; first += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var b = Math.Min(batchSize, pairs - first);
            var z1 = start.narrow(0, first, b);
            var z2 = end.narrow(0, first, b);
            var t = times.narrow(0, first, b);
            var latents = cat([path(z1, z2, t), path(z1, z2, t + epsilon)]).to_type(ScalarType.Float32);   // [2b, k]
            var phi = features(generator(latents));                                                   // [2b, …]
            if (phi.dim() < 1 || phi.shape[0] != 2 * b)
            {
                throw new ArgumentException(
                    $"Expected the features of {2 * b} images, [{2 * b}, f], got [{string.Join(", ", phi.shape)}].", nameof(features));
            }

            var flat = phi.to_type(ScalarType.Float64).reshape(2 * b, -1);                             // [2b, f]
            var d = (flat.narrow(0, 0, b) - flat.narrow(0, b, b)).square().sum(1);                     // [b]
            values.AddRange((d / (epsilon * epsilon)).data<double>().ToArray());
        }

        var kept = Trim(values, trimPercent);
        var mean = kept.Average();
        var variance = kept.Sum(v => (v - mean) * (v - mean)) / (kept.Count - 1);
        return new PathLengthReport(
            mean, Math.Sqrt(variance / kept.Count), kept.Count, trimPercent, epsilon, interpolation, values);
    }

    /// <summary>lerp(a, b; t) = (1 − t) a + t b for rows <c>[n, k]</c> and <c>[n, k]</c> and t <c>[n]</c>.</summary>
    public static Tensor Lerp(Tensor a, Tensor b, Tensor t)
    {
        using var scope = NewDisposeScope();
        var w = t.unsqueeze(1);                                                                    // [n, 1]
        return ((a * (1 - w)) + (b * w)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// slerp(a, b; t) = sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, with Ω the angle between a and b, for rows
    /// <c>[n, k]</c> and t <c>[n]</c> (Shoemake 1985; White 2016, "Sampling Generative Networks", for Gaussian latents).
    /// The point moves along the arc at constant angular speed: for unit vectors it stays on the unit sphere, and for
    /// endpoints of equal norm on their sphere (the paper normalises z first; our generators read z's norm, which for
    /// z ~ N(0, I_k) is close to √k at both ends). Where Ω &lt; 1e-6 the weights are those of lerp, their limit.
    /// </summary>
    public static Tensor Slerp(Tensor a, Tensor b, Tensor t)
    {
        using var scope = NewDisposeScope();
        var cosine = (a * b).sum(1) / (a.norm(1) * b.norm(1));                                     // [n]
        var omega = cosine.clamp(-1, 1).acos();                                                    // [n]
        var sine = omega.sin();
        var straight = omega < 1e-6;
        var safeSine = where(straight, ones_like(sine), sine);
        var wa = where(straight, 1 - t, ((1 - t) * omega).sin() / safeSine).unsqueeze(1);          // [n, 1]
        var wb = where(straight, t, (t * omega).sin() / safeSine).unsqueeze(1);                    // [n, 1]
        return ((wa * a) + (wb * b)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The values v with P_lower(p) ≤ v ≤ P_higher(100 − p), in their order (numpy's "lower" and "higher"
    /// percentiles, <see cref="EmpiricalPercentile"/>, as in the paper's code).
    /// </summary>
    internal static List<double> Trim(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        var low = EmpiricalPercentile.Lower(sorted, percent);
        var high = EmpiricalPercentile.Higher(sorted, 100 - percent);
        return values.Where(v => v >= low && v <= high).ToList();
    }
}
