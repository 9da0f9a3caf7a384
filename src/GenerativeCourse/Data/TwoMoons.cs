using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// Two interleaving half circles of radius 1 (the "two moons" of scikit-learn's <c>make_moons</c>):
/// with a fair coin each point lies on the upper moon <c>(cos t, sin t)</c> or the lower moon
/// <c>(1 − cos t, ½ − sin t)</c>, <c>t ~ U[0, π)</c>, plus isotropic Gaussian noise of standard deviation
/// <see cref="Noise"/>. Without noise the points fill the box [−1, 2] × [−½, 1].
/// </summary>
/// <remarks>
/// <para>Its density is a continuous mixture of Gaussians along the two arcs,
/// <code>p(x) = ½ Σ_moon (1/π) ∫_0^π N(x; c_moon(t), σ² I) dt</code>
/// which <see cref="LogDensity(Tensor, int)"/> evaluates by the midpoint rule in t with <see cref="QuadratureNodes"/> nodes per moon.</para>
/// </remarks>
public sealed class TwoMoons(double noise = 0.05) : Toy2DDistribution, IKnownDensity
{
    /// <summary>
    /// Nodes of the midpoint rule per moon. Their spacing π/512 ≈ 0.006 along an arc of radius 1 is σ/8 for the default
    /// σ = 0.05. The integrand is a smooth Gaussian bump in t, on which the rule is exact to rounding, except near an
    /// arc's two ends, where the bump is cut off: the relative error there grows like (spacing/σ)² (d/σ)²/24 for a point
    /// a distance d beyond the end. The tests compare it with 4,096 nodes (at most a few 10⁻³ nats at such points, and
    /// far less on average).
    /// </summary>
    public const int QuadratureNodes = 512;

    /// <summary>Draws of the Monte Carlo estimate of <see cref="Entropy"/> (standard error about 0.002 nats).</summary>
    public const int EntropySamples = 100_000;

    private DifferentialEntropy? _entropy;

    /// <summary>Standard deviation of the Gaussian noise added to each coordinate (default 0.05).</summary>
    public double Noise { get; } = noise >= 0 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be non-negative.");

    public override string Name => "two moons";

    /// <summary>
    /// log p(x) in nats (float64): the arcs' integral by the midpoint rule with <paramref name="nodes"/> nodes per moon,
    /// which makes p an equal mixture of 2 × nodes Gaussians, log p = logsumexp_j(−‖x − c_j‖² / 2σ²) − log 2πσ² − log(2 · nodes).
    /// </summary>
    /// <exception cref="InvalidOperationException">The noise is 0: the points lie on curves and have no density.</exception>
    public Tensor LogDensity(Tensor points, int nodes)
    {
        CheckPoints(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (Noise == 0)
        {
            throw new InvalidOperationException("Without noise the two moons lie on two curves and have no density; use a positive noise.");
        }

        using var scope = NewDisposeScope();
        var t = (arange(nodes, ScalarType.Float64) + 0.5) * (Math.PI / nodes);   // [nodes], midpoints of [0, π)
        var upper = stack([cos(t), sin(t)], dim: 1);                           // [nodes, 2]
        var lower = tensor(new[] { 1.0, 0.5 }, ScalarType.Float64) - upper;    // the upper moon turned by 180° about (½, ¼)
        var centres = cat([upper, lower], 0);                                  // [2 nodes, 2]
        var x = points.to_type(ScalarType.Float64);
        var variance = Noise * Noise;
        var logDensity = zeros(x.shape[0], ScalarType.Float64);
        const int chunk = 2048;                                                // [chunk, 2 nodes] at a time
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            var rows = x.narrow(0, start, Math.Min(chunk, x.shape[0] - start));
            var squared = (rows.unsqueeze(1) - centres.unsqueeze(0)).square().sum(2);
            logDensity.narrow(0, start, rows.shape[0]).copy_((-squared / (2 * variance)).logsumexp(1));
        }

        return (logDensity - Math.Log(2 * Math.PI * variance) - Math.Log(2.0 * nodes)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>With <see cref="QuadratureNodes"/> nodes per moon.</remarks>
    public Tensor LogDensity(Tensor points) => LogDensity(points, QuadratureNodes);

    /// <summary>
    /// h(p) in nats, estimated by Monte Carlo with the density of <see cref="LogDensity(Tensor)"/> (<see cref="EntropySamples"/>
    /// draws, computed on first use). No closed form exists; for σ much smaller than the radius it is close to that of a
    /// uniform density on the two arcs (length 2π) blurred across them, log 2π + ½ log 2πeσ² (0.261 nats for σ = 0.05),
    /// plus a little where the blur spreads the arcs' four ends over more area.
    /// </summary>
    public DifferentialEntropy Entropy => _entropy ??= EstimateEntropy();

    private DifferentialEntropy EstimateEntropy() => DifferentialEntropy.MonteCarlo(
        this, LogDensity, EntropySamples, seed: 2024, $"density by the midpoint rule with {QuadratureNodes} nodes per moon");

    protected override Tensor Draw(int n, Generator? generator)
    {
        var lower = Choice(2, n, generator).to_type(ScalarType.Float32); // [n], 0 = upper moon, 1 = lower
        var t = Uniform([n], generator) * Math.PI;
        var sign = 1 - (2 * lower); // the lower moon is the upper one turned by 180° about (½, ¼)
        var x = lower + (sign * cos(t));
        var y = (0.5 * lower) + (sign * sin(t));
        return stack([x, y], dim: 1) + (Noise * Normal([n, 2], generator));
    }
}
