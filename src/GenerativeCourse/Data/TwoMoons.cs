using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// Two interleaving half circles of radius 1 (the "two moons" of scikit-learn's <c>make_moons</c>):
/// with a fair coin each point lies on the upper moon <c>(cos t, sin t)</c> or the lower moon
/// <c>(1 − cos t, ½ − sin t)</c>, <c>t ~ U[0, π)</c>, plus isotropic Gaussian noise of standard deviation
/// <see cref="Noise"/>. Without noise the points fill the box [−1, 2] × [−½, 1].
/// </summary>
public sealed class TwoMoons(double noise = 0.05) : Toy2DDistribution
{
    /// <summary>Standard deviation of the Gaussian noise added to each coordinate (default 0.05).</summary>
    public double Noise { get; } = noise >= 0 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be non-negative.");

    public override string Name => "two moons";

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
