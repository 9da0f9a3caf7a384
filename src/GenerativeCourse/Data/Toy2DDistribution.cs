using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// A distribution on the plane that is easy to draw, small enough to train a GAN or a flow on in
/// seconds, and easy to judge by eye: the toy data of chapters 04 and 05. See <see cref="Toy2D"/> for
/// the standard instances.
/// </summary>
public abstract class Toy2DDistribution
{
    /// <summary>Short name for plots and tables, e.g. "8 Gaussians".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Draws <paramref name="n"/> independent points as a float32 tensor <c>[n, 2]</c> (columns x, y) on the
    /// CPU, using <paramref name="generator"/> (TorchSharp's default generator when null). Caller owns it.
    /// </summary>
    public Tensor Sample(int n, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var scope = NewDisposeScope();
        var points = Draw(n, generator);
        return points.MoveToOuterDisposeScope();
    }

    public override string ToString() => Name;

    /// <summary>Draws the points; runs inside a dispose scope, so temporaries need no disposing.</summary>
    protected abstract Tensor Draw(int n, Generator? generator);

    /// <summary>Throws unless <paramref name="points"/> is <c>[n, 2]</c> of a floating dtype.</summary>
    protected static void CheckPoints(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2 || points.shape[1] != 2 || !points.is_floating_point())
        {
            throw new ArgumentException($"Expected floating points of shape [n, 2], got {points.dtype} [{string.Join(", ", points.shape)}].", nameof(points));
        }
    }

    /// <summary>Independent draws of U[0, 1), float32, of the given shape.</summary>
    protected static Tensor Uniform(long[] shape, Generator? generator) => rand(shape, ScalarType.Float32, generator: generator);

    /// <summary>Independent draws of N(0, 1), float32, of the given shape.</summary>
    protected static Tensor Normal(long[] shape, Generator? generator) => randn(shape, ScalarType.Float32, generator: generator);

    /// <summary>Uniform integers in [0, <paramref name="high"/>) as int64 <c>[n]</c>.</summary>
    protected static Tensor Choice(long high, int n, Generator? generator) => randint(high, [n], ScalarType.Int64, generator: generator);
}

/// <summary>The standard toy distributions of the course, with the parameters their classes document.</summary>
public static class Toy2D
{
    public static TwoMoons TwoMoons { get; } = new();

    public static EightGaussians EightGaussians { get; } = new();

    public static ConcentricRings Rings { get; } = new();

    public static Checkerboard Checkerboard { get; } = new();

    public static SwissRoll SwissRoll { get; } = new();

    /// <summary>All of them, in the order above.</summary>
    public static IReadOnlyList<Toy2DDistribution> All { get; } = [TwoMoons, EightGaussians, Rings, Checkerboard, SwissRoll];
}
