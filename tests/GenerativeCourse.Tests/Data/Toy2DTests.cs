using GenerativeCourse.Data;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse.Tests.Data;

/// <summary>
/// Statistics of the toy distributions. Sample size 20,000 with fixed seeds; tolerances are 5 standard
/// deviations of the statistic (binomial for counts, σ/√n for means) unless a comment says otherwise.
/// "Within 6σ of the curve" uses that the isotropic 2-D noise has P(|ε| > 6σ) = e^−18 ≈ 1.5·10^−8 per point.
/// </summary>
public sealed class Toy2DTests
{
    private const int N = 20_000;

    public Toy2DTests() => TorchSharpNative.EnsureLoaded();

    public static TheoryData<string> Names => [.. Toy2D.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void SamplesAreFloat32PairsAndReplayUnderTheSameSeed(string name)
    {
        var toy = Toy2D.All.Single(t => t.Name == name);
        var first = Draw(toy, 100, seed: 1);
        var again = Draw(toy, 100, seed: 1);
        var other = Draw(toy, 100, seed: 2);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        using var points = toy.Sample(10, new torch.Generator(3));
        Assert.Equal([10L, 2L], points.shape);
        Assert.Equal(torch.ScalarType.Float32, points.dtype);
        using var none = toy.Sample(0, new torch.Generator(3));
        Assert.Equal([0L, 2L], none.shape);
    }

    [Fact]
    public void NoiseHasTheDocumentedStandardDeviation()
    {
        // The noise is drawn last, so with the same seed noisy − noiseless = σ·N(0, I) exactly. Its sample
        // sd over 2N coordinates is within 2 % of σ (the sd estimate's relative sd is 1/√(4N) ≈ 0.35 %).
        (Toy2DDistribution Noisy, Toy2DDistribution Clean, double Sigma)[] cases =
        [
            (new TwoMoons(0.1), new TwoMoons(0), 0.1),
            (new ConcentricRings(0.05), new ConcentricRings(0), 0.05),
            (new SwissRoll(0.2), new SwissRoll(0), 0.2),
            (new EightGaussians(std: 0.03), new EightGaussians(std: 0), 0.03),
        ];
        foreach (var (noisy, clean, sigma) in cases)
        {
            var a = Draw(noisy, N, seed: 9);
            var b = Draw(clean, N, seed: 9);
            var sd = Math.Sqrt(a.Zip(b, (p, q) => (double)(p - q) * (p - q)).Average());
            Assert.InRange(sd, 0.98 * sigma, 1.02 * sigma);
        }
    }

    [Fact]
    public void EightGaussiansCoverEachModeEquallyWithTheDocumentedSpread()
    {
        var toy = Toy2D.EightGaussians;
        Assert.Equal(2.0, toy.Radius);
        Assert.Equal(0.02, toy.Std);
        for (var k = 0; k < 8; k++)
        {
            // Float32 centres of a radius-2 circle: 1e-6 covers their rounding.
            Assert.Equal(2 * Math.Cos(k * Math.PI / 4), toy.Centers[k].X, 1e-6);
            Assert.Equal(2 * Math.Sin(k * Math.PI / 4), toy.Centers[k].Y, 1e-6);
        }

        var xy = Draw(toy, N, seed: 8);
        var counts = new int[8];
        var sums = new double[8, 2];
        var squares = new double[8];
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (xy[2 * i], xy[(2 * i) + 1]);
            var k = Enumerable.Range(0, 8).MinBy(m => Distance(x, y, toy.Centers[m].X, toy.Centers[m].Y));
            var (dx, dy) = (x - toy.Centers[k].X, y - toy.Centers[k].Y);
            Assert.True(Math.Sqrt((dx * dx) + (dy * dy)) < 6 * toy.Std, $"point {i} is {Math.Sqrt((dx * dx) + (dy * dy))} from its mode");
            counts[k]++;
            sums[k, 0] += dx;
            sums[k, 1] += dy;
            squares[k] += (dx * dx) + (dy * dy);
        }

        var sigma = Math.Sqrt(N * (1 / 8.0) * (7 / 8.0));
        for (var k = 0; k < 8; k++)
        {
            Assert.InRange(counts[k], (N / 8.0) - (5 * sigma), (N / 8.0) + (5 * sigma));
            // Mode mean within 5 σ/√count of the centre; per-coordinate sd within 10 % of Std (its relative
            // sd is 1/√(2·count) ≈ 1.4 %, so 10 % is about 7 sd).
            Assert.InRange(sums[k, 0] / counts[k], -5 * toy.Std / Math.Sqrt(counts[k]), 5 * toy.Std / Math.Sqrt(counts[k]));
            Assert.InRange(sums[k, 1] / counts[k], -5 * toy.Std / Math.Sqrt(counts[k]), 5 * toy.Std / Math.Sqrt(counts[k]));
            Assert.InRange(Math.Sqrt(squares[k] / (2 * counts[k])), 0.9 * toy.Std, 1.1 * toy.Std);
        }

        using var centres = toy.CentersTensor();
        Assert.Equal([8L, 2L], centres.shape);
        Assert.Equal(toy.Centers.SelectMany(c => new[] { c.X, c.Y }), centres.data<float>().ToArray());
    }

    [Fact]
    public void TwoMoonsLieOnTheirArcsInsideTheBox()
    {
        // Without noise: on one of the two arcs up to float32 rounding of cos and sin (1e-5), half on each.
        var exact = Draw(new TwoMoons(0), N, seed: 4);
        var upper = 0;
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (exact[2 * i], exact[(2 * i) + 1]);
            Assert.InRange(x, -1 - 1e-6, 2 + 1e-6);
            Assert.InRange(y, -0.5 - 1e-6, 1 + 1e-6);
            var (toUpper, toLower) = (UpperArcDistance(x, y), UpperArcDistance(1 - x, 0.5 - y));
            Assert.True(Math.Min(toUpper, toLower) < 1e-5, $"point ({x}, {y}) is on neither moon");
            upper += toUpper < toLower ? 1 : 0;
        }

        var sigma = Math.Sqrt(N * 0.25);
        Assert.InRange(upper, (N / 2.0) - (5 * sigma), (N / 2.0) + (5 * sigma));

        // With the default noise: within 6σ of an arc, hence inside the box grown by 6σ.
        var toy = Toy2D.TwoMoons;
        var noisy = Draw(toy, N, seed: 5);
        var margin = 6 * toy.Noise;
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (noisy[2 * i], noisy[(2 * i) + 1]);
            Assert.True(Math.Min(UpperArcDistance(x, y), UpperArcDistance(1 - x, 0.5 - y)) < margin);
            Assert.InRange(x, -1 - margin, 2 + margin);
            Assert.InRange(y, -0.5 - margin, 1 + margin);
        }
    }

    [Fact]
    public void RingsHaveTheirRadiiAndEqualMass()
    {
        var toy = Toy2D.Rings;
        Assert.Equal([1.0, 2.0, 3.0], toy.Radii);
        var xy = Draw(toy, N, seed: 6);
        var counts = new int[3];
        var radiusSums = new double[3];
        double cosSum = 0;
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (xy[2 * i], xy[(2 * i) + 1]);
            var r = Math.Sqrt((x * x) + (y * y));
            var ring = (int)Math.Round(r) - 1;
            Assert.InRange(ring, 0, 2);
            Assert.True(Math.Abs(r - toy.Radii[ring]) < 6 * toy.Noise, $"radius {r} is far from every ring");
            counts[ring]++;
            radiusSums[ring] += r;
            cosSum += x / r;
        }

        var sigma = Math.Sqrt(N * (1 / 3.0) * (2 / 3.0));
        for (var k = 0; k < 3; k++)
        {
            Assert.InRange(counts[k], (N / 3.0) - (5 * sigma), (N / 3.0) + (5 * sigma));
            // Mean radius: 5 σ/√count ≈ 0.003 plus the bias σ²/(2r) ≤ 0.00125 of the norm of a noisy point.
            Assert.InRange(radiusSums[k] / counts[k], toy.Radii[k] - 0.005, toy.Radii[k] + 0.005);
        }

        // Uniform angles: cos θ has mean 0 and variance ½.
        Assert.InRange(cosSum / N, -5 * Math.Sqrt(0.5 / N), 5 * Math.Sqrt(0.5 / N));
    }

    [Fact]
    public void CheckerboardPointsFillOnlyTheOnSquaresUniformly()
    {
        var toy = Toy2D.Checkerboard;
        Assert.Equal(4.0, toy.Extent);
        Assert.True(toy.IsOn(-3.5, -3.5));
        Assert.False(toy.IsOn(-1.5, -3.5));
        Assert.True(toy.IsOn(-1.5, -1.5));
        Assert.False(toy.IsOn(4.5, -3.5));

        var xy = Draw(toy, N, seed: 7);
        var counts = new Dictionary<(int Column, int Row), int>();
        double offsetSum = 0;
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (xy[2 * i], xy[(2 * i) + 1]);
            Assert.True(toy.IsOn(x, y), $"({x}, {y}) is not on an 'on' square");
            var cell = ((int)Math.Floor((x + 4) / 2), (int)Math.Floor((y + 4) / 2));
            counts[cell] = counts.GetValueOrDefault(cell) + 1;
            offsetSum += ((x + 4) / 2) - cell.Item1;
        }

        Assert.Equal(8, counts.Count);
        var sigma = Math.Sqrt(N * (1 / 8.0) * (7 / 8.0));
        Assert.All(counts.Values, c => Assert.InRange(c, (N / 8.0) - (5 * sigma), (N / 8.0) + (5 * sigma)));
        // Position inside a cell is U[0, 1): mean ½, variance 1/12.
        Assert.InRange(offsetSum / N, 0.5 - (5 * Math.Sqrt(1 / (12.0 * N))), 0.5 + (5 * Math.Sqrt(1 / (12.0 * N))));
    }

    [Fact]
    public void SwissRollFollowsItsSpiral()
    {
        var xy = Draw(new SwissRoll(0), N, seed: 10);
        double tSum = 0;
        for (var i = 0; i < N; i++)
        {
            var (x, y) = (xy[2 * i], xy[(2 * i) + 1]);
            var t = SwissRoll.Scale * Math.Sqrt((x * x) + (y * y));
            // Float32 coordinates of size ≤ 3 carry ~1e-6 error; scaled by 5 and turned into an angle, 1e-4 is ample.
            Assert.InRange(t, SwissRoll.StartAngle - 1e-4, SwissRoll.EndAngle + 1e-4);
            var angleError = Math.IEEERemainder(Math.Atan2(y, x) - t, 2 * Math.PI);
            Assert.True(Math.Abs(angleError) < 1e-4, $"({x}, {y}) is off the spiral by {angleError} rad");
            tSum += t;
        }

        // t ~ U[1.5π, 4.5π): mean 3π, sd 3π/√12.
        var tolerance = 5 * (3 * Math.PI / Math.Sqrt(12)) / Math.Sqrt(N);
        Assert.InRange(tSum / N, (3 * Math.PI) - tolerance, (3 * Math.PI) + tolerance);
    }

    private static float[] Draw(Toy2DDistribution toy, int n, ulong seed)
    {
        using var generator = new torch.Generator(seed);
        using var points = toy.Sample(n, generator);
        return points.data<float>().ToArray();
    }

    private static double Distance(double x, double y, double cx, double cy) => Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));

    /// <summary>Distance from (x, y) to the upper half of the unit circle (its end points included).</summary>
    private static double UpperArcDistance(double x, double y) =>
        y >= 0 ? Math.Abs(Math.Sqrt((x * x) + (y * y)) - 1) : Math.Min(Distance(x, y, 1, 0), Distance(x, y, -1, 0));
}
