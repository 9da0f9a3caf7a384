using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// An equal mixture of 8 Gaussians with standard deviation <see cref="Std"/> (default 0.02) whose means
/// sit on a circle of radius <see cref="Radius"/> (default 2) at angles <c>k·π/4</c>, <c>k = 0…7</c>: the
/// mode-collapse benchmark of Metz et al., "Unrolled generative adversarial networks" (2017). Mode
/// coverage counts how many <see cref="Centers"/> have samples within a few <see cref="Std"/> of them.
/// </summary>
public sealed class EightGaussians : Toy2DDistribution, IKnownDensity
{
    /// <summary>Draws of the Monte Carlo estimate of <see cref="Entropy"/>: its standard error is about 1/√n nats (the
    /// variance of log p within a 2-D Gaussian is 1).</summary>
    public const int EntropySamples = 1_000_000;

    private DifferentialEntropy? _entropy;

    public EightGaussians(double radius = 2.0, double std = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        Radius = radius;
        Std = std;
        Centers = [.. Enumerable.Range(0, 8).Select(k => ((float)(radius * Math.Cos(k * Math.PI / 4)), (float)(radius * Math.Sin(k * Math.PI / 4))))];
    }

    /// <summary>Radius of the circle the means lie on.</summary>
    public double Radius { get; }

    /// <summary>Standard deviation of each coordinate in each mode.</summary>
    public double Std { get; }

    /// <summary>The 8 means, counter-clockwise from <c>(Radius, 0)</c>.</summary>
    public IReadOnlyList<(float X, float Y)> Centers { get; }

    public override string Name => "8 Gaussians";

    /// <summary>The means as a float32 tensor <c>[8, 2]</c>. Caller owns it.</summary>
    public Tensor CentersTensor() => tensor(Centers.SelectMany(c => new[] { c.X, c.Y }).ToArray(), [8, 2], ScalarType.Float32);

    /// <summary>
    /// log p(x) = log Σ_k ⅛ N(x; m_k, σ² I) = logsumexp_k(−‖x − m_k‖² / 2σ²) − log 2πσ² − log 8, in nats (float64).
    /// </summary>
    public Tensor LogDensity(Tensor points)
    {
        CheckPoints(points);
        if (Std == 0)
        {
            throw new InvalidOperationException("With standard deviation 0 the 8 Gaussians are point masses and have no density.");
        }

        using var scope = NewDisposeScope();
        var x = points.to_type(ScalarType.Float64);
        var squared = (x.unsqueeze(1) - CentersTensor().to_type(ScalarType.Float64).unsqueeze(0)).square().sum(2); // [n, 8]
        var logDensity = (-squared / (2 * Std * Std)).logsumexp(1) - Math.Log(2 * Math.PI * Std * Std) - Math.Log(8);
        return logDensity.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// h(p) in nats, estimated by Monte Carlo with the exact density (<see cref="EntropySamples"/> draws, computed on first
    /// use). For modes much further apart than σ it equals the closed form of 8 disjoint Gaussians,
    /// log 8 + 1 + log 2πσ² (−2.9067 nats for σ = 0.02): the mixture's entropy falls short of it only by the
    /// uncertainty about which mode produced x, here of order exp(−d²/8σ²) with d = 2r sin(π/8) the distance between neighbours.
    /// </summary>
    public DifferentialEntropy Entropy =>
        _entropy ??= DifferentialEntropy.MonteCarlo(this, LogDensity, EntropySamples, seed: 2024, "exact mixture density");

    protected override Tensor Draw(int n, Generator? generator)
    {
        var mode = Choice(8, n, generator);                 // [n]
        var means = CentersTensor().index_select(0, mode);  // [n, 2]
        return means + (Std * Normal([n, 2], generator));
    }
}
