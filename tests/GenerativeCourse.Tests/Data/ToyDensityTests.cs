using GenerativeCourse.Data;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Data;

/// <summary>
/// The exact densities and entropies of the toys that chapter 05 scores flows against. Two independent routes must
/// agree: the density integrated on a fine grid (midpoint rule, cells of side h ≤ σ/5, where the rule's error is far
/// below the tolerances) and the sampler. Monte Carlo tolerances are 5 standard errors.
/// </summary>
public sealed class ToyDensityTests
{
    public ToyDensityTests() => TorchSharpNative.EnsureLoaded();

    public static TheoryData<string> Toys => ["two moons", "8 Gaussians", "checkerboard"];

    [Theory]
    [MemberData(nameof(Toys))]
    public void DensityIntegratesToOne(string name)
    {
        var (toy, box, cell) = Case(name);
        var (logDensity, area) = OnGrid(toy, box, cell);
        var integral = logDensity.exp().sum().item<double>() * area;
        Assert.InRange(integral, 1 - 1e-3, 1 + 1e-3);
    }

    /// <summary>
    /// −∫ p log p on the grid is h(p); −mean log p over draws of the sampler is the cross-entropy H(sampler, p) ≥ h(p),
    /// equal only when the sampler draws from p. So agreement checks the density's shape against the sampler, and the
    /// library's <see cref="IKnownDensity.Entropy"/> must agree with both.
    /// </summary>
    [Theory]
    [MemberData(nameof(Toys))]
    public void EntropyOnTheGridEqualsTheMonteCarloEstimateFromTheSampler(string name)
    {
        var (toy, box, cell) = Case(name);
        var (logDensity, area) = OnGrid(toy, box, cell);
        var density = logDensity.exp();
        var onGrid = -(density * logDensity.nan_to_num(0, 0, 0)).sum().item<double>() * area;    // 0 log 0 = 0
        var known = (IKnownDensity)toy;
        var estimate = DifferentialEntropy.MonteCarlo(toy, known.LogDensity, 20_000, seed: 5, "test");
        var tolerance = (5 * estimate.StandardError) + 2e-3;
        Assert.InRange(estimate.Nats, onGrid - tolerance, onGrid + tolerance);
        var library = known.Entropy;
        Assert.InRange(library.Nats, onGrid - (5 * library.StandardError) - 2e-3, onGrid + (5 * library.StandardError) + 2e-3);
    }

    [Fact]
    public void LibraryEntropiesHaveTheDocumentedValuesAndPrecision()
    {
        Assert.Equal(Math.Log(32), Toy2D.Checkerboard.Entropy.Nats, 12);
        Assert.Equal(0, Toy2D.Checkerboard.Entropy.StandardError);

        // Disjoint modes: log 8 + 1 + log 2πσ²; the overlap term exp(−d²/8σ²) with d/σ ≈ 77 is 0 in float64.
        var eight = Toy2D.EightGaussians.Entropy;
        Assert.InRange(eight.StandardError, 5e-4, 2e-3);
        var closedForm = Math.Log(8) + 1 + Math.Log(2 * Math.PI * 0.02 * 0.02);
        Assert.InRange(eight.Nats, closedForm - (5 * eight.StandardError), closedForm + (5 * eight.StandardError));

        // Two thin arcs of total length 2π blurred by σ = 0.05: log 2π + ½ log 2πeσ² = 0.261 nats, plus a little at the ends.
        var moons = Toy2D.TwoMoons.Entropy;
        Assert.InRange(moons.StandardError, 5e-4, 5e-3);
        Assert.InRange(moons.Nats, 0.261, 0.261 + 0.1);
    }

    [Fact]
    public void TwoMoonsQuadratureHasConverged()
    {
        using var points = Toy2D.TwoMoons.Sample(2000, new Generator(6));
        var difference = (Toy2D.TwoMoons.LogDensity(points) - Toy2D.TwoMoons.LogDensity(points, 4096)).abs();
        var (largest, mean) = (difference.max().item<double>(), difference.mean().item<double>());
        // The rule errs most just beyond an arc's end (see QuadratureNodes); the mean is what moves the entropy.
        Assert.True(largest < 5e-3 && mean < 2e-4, $"{TwoMoons.QuadratureNodes} and 4,096 nodes differ by {largest:E2} nats at most, {mean:E2} on average");
    }

    [Fact]
    public void DensityOfNoiselessOrPointMassToysIsRefused()
    {
        using var points = zeros(3, 2);
        var moons = Assert.Throws<InvalidOperationException>(() => new TwoMoons(0).LogDensity(points));
        Assert.Contains("no density", moons.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new EightGaussians(std: 0).LogDensity(points));
        using var wrong = zeros(3, 3);
        Assert.Throws<ArgumentException>(() => Toy2D.Checkerboard.LogDensity(wrong));
    }

    [Fact]
    public void CheckerboardDensityIsFlatOnTheOnCellsAndZeroElsewhere()
    {
        using var points = tensor(new[] { -3.5, -3.5, -1.5, -3.5, 0.5, 0.5, 4.5, 0.0 }, [4, 2]);   // on, off, on, outside
        var logDensity = Toy2D.Checkerboard.LogDensity(points).data<double>().ToArray();
        Assert.Equal([-Math.Log(32), double.NegativeInfinity, -Math.Log(32), double.NegativeInfinity], logDensity);
    }

    private static (Toy2DDistribution Toy, (double X0, double X1, double Y0, double Y1) Box, double Cell) Case(string name) => name switch
    {
        // 10σ beyond the arcs; h = σ/5.
        "two moons" => (Toy2D.TwoMoons, (-1.5, 2.5, -1.0, 1.5), 0.01),
        // A wider σ = 0.1 than the chapter's 0.02 keeps the grid small; the formula is the same. h = σ/5.
        "8 Gaussians" => (new EightGaussians(std: 0.1), (-3.0, 3.0, -3.0, 3.0), 0.02),
        // Cells of the grid never straddle a square's edge, so the midpoint rule is exact.
        "checkerboard" => (Toy2D.Checkerboard, (-5.0, 5.0, -5.0, 5.0), 0.05),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown toy."),
    };

    private static (Tensor LogDensity, double CellArea) OnGrid(Toy2DDistribution toy, (double X0, double X1, double Y0, double Y1) box, double cell)
    {
        var xs = arange(box.X0 + (cell / 2), box.X1, cell, ScalarType.Float64);
        var ys = arange(box.Y0 + (cell / 2), box.Y1, cell, ScalarType.Float64);
        var grid = meshgrid([xs, ys], indexing: "ij");
        var points = stack([grid[0].flatten(), grid[1].flatten()], dim: 1);      // [cells, 2]
        return (((IKnownDensity)toy).LogDensity(points), cell * cell);
    }
}
