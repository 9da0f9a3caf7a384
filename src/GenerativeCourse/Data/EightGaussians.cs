using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// An equal mixture of 8 Gaussians with standard deviation <see cref="Std"/> (default 0.02) whose means
/// sit on a circle of radius <see cref="Radius"/> (default 2) at angles <c>k·π/4</c>, <c>k = 0…7</c>: the
/// mode-collapse benchmark of Metz et al., "Unrolled generative adversarial networks" (2017). Mode
/// coverage counts how many <see cref="Centers"/> have samples within a few <see cref="Std"/> of them.
/// </summary>
public sealed class EightGaussians : Toy2DDistribution
{
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

    protected override Tensor Draw(int n, Generator? generator)
    {
        var mode = Choice(8, n, generator);                 // [n]
        var means = CentersTensor().index_select(0, mode);  // [n, 2]
        return means + (Std * Normal([n, 2], generator));
    }
}
