using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// The two-dimensional Swiss roll, a spiral: <c>t ~ U[1.5π, 4.5π)</c> (one and a half turns, as in
/// scikit-learn's <c>make_swiss_roll</c>), point <c>(t cos t, t sin t) / Scale</c> with <see cref="Scale"/> 5,
/// plus isotropic Gaussian noise of standard deviation <see cref="Noise"/> (default 0.05, after scaling).
/// Without noise every point lies at distance <c>t / 5</c> ∈ [0.94, 2.83] from the origin. Uniform in
/// <c>t</c>, so denser per unit length near the centre.
/// </summary>
public sealed class SwissRoll(double noise = 0.05) : Toy2DDistribution
{
    /// <summary>Divisor that brings the roll into about [−3, 3]².</summary>
    public const double Scale = 5.0;

    /// <summary>Smallest value of the curve parameter t.</summary>
    public const double StartAngle = 1.5 * Math.PI;

    /// <summary>Largest value of the curve parameter t.</summary>
    public const double EndAngle = 4.5 * Math.PI;

    /// <summary>Standard deviation of the Gaussian noise added to each coordinate (in scaled units).</summary>
    public double Noise { get; } = noise >= 0 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be non-negative.");

    public override string Name => "swiss roll";

    protected override Tensor Draw(int n, Generator? generator)
    {
        var t = StartAngle + (Uniform([n], generator) * (EndAngle - StartAngle));
        var curve = stack([t * cos(t), t * sin(t)], dim: 1) / Scale;
        return curve + (Noise * Normal([n, 2], generator));
    }
}
