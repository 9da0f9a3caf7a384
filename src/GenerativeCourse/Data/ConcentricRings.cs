using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// Concentric rings centred at the origin, radii <see cref="Radii"/> (default 1, 2, 3): each point picks a
/// ring uniformly (equal mass per ring, so the inner ring is densest), an angle uniform in [0, 2π), and gets
/// isotropic Gaussian noise of standard deviation <see cref="Noise"/> (default 0.05). A density with holes:
/// easy for a GAN to cover, hard for a flow to separate.
/// </summary>
public sealed class ConcentricRings : Toy2DDistribution
{
    public ConcentricRings(double noise = 0.05, params double[] radii)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        Radii = radii.Length == 0 ? [1.0, 2.0, 3.0] : [.. radii];
        if (Radii.Any(r => r <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(radii), "Every radius must be positive.");
        }

        Noise = noise;
    }

    /// <summary>Radius of each ring.</summary>
    public IReadOnlyList<double> Radii { get; }

    /// <summary>Standard deviation of the Gaussian noise added to each coordinate.</summary>
    public double Noise { get; }

    public override string Name => "rings";

    protected override Tensor Draw(int n, Generator? generator)
    {
        var ring = Choice(Radii.Count, n, generator);
        var radius = tensor(Radii.Select(r => (float)r).ToArray(), ScalarType.Float32).index_select(0, ring); // [n]
        var angle = Uniform([n], generator) * (2 * Math.PI);
        var circle = stack([radius * cos(angle), radius * sin(angle)], dim: 1);
        return circle + (Noise * Normal([n, 2], generator));
    }
}
