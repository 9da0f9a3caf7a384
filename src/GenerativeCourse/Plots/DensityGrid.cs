using Plotly.NET;
using static TorchSharp.torch;

namespace GenerativeCourse.Plots;

/// <summary>
/// A 2-D density evaluated at the midpoints of a square grid of n × n cells covering [−L, L]²: the values for a
/// heatmap (<see cref="Chart"/>) and the midpoint-rule integral Σ p(x_ij) h², h = 2L/n, which is 1 for a
/// normalized density whose mass lies inside the square (up to the discretisation error, O(h²) for a smooth p).
/// </summary>
/// <remarks>
/// <c>Density[i, j]</c> is p at (<c>Axis[j]</c>, <c>Axis[i]</c>): rows follow the vertical axis, as
/// <see cref="Charts.Heatmap"/> expects. The log-density function receives the grid points as float32
/// <c>[n², 2]</c> (columns x₁, x₂) and returns <c>[n²]</c> in nats; it runs without gradients.
/// </remarks>
public sealed class DensityGrid
{
    private DensityGrid(double[,] density, double[] axis, double cell)
    {
        Density = density;
        Axis = axis;
        CellSide = cell;
    }

    /// <summary>p at the cell midpoints, <c>[n, n]</c>, rows along x₂.</summary>
    public double[,] Density { get; }

    /// <summary>The n midpoint coordinates, the same on both axes.</summary>
    public double[] Axis { get; }

    /// <summary>h = 2L/n.</summary>
    public double CellSide { get; }

    /// <summary>Σ p h², the midpoint-rule estimate of ∫ p over the square.</summary>
    public double Integral => Density.Cast<double>().Sum() * CellSide * CellSide;

    /// <summary>Evaluates exp(<paramref name="logDensity"/>) on the grid.</summary>
    /// <param name="logDensity">log p, <c>[m, 2]</c> → <c>[m]</c> nats.</param>
    /// <param name="limit">L: the square is [−L, L]².</param>
    /// <param name="cells">n, cells per side.</param>
    public static DensityGrid Evaluate(Func<Tensor, Tensor> logDensity, double limit = 4, int cells = 120)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 2);
        var side = 2 * limit / cells;
        var axis = Enumerable.Range(0, cells).Select(i => -limit + ((i + 0.5) * side)).ToArray();
        double[] values;
        using (no_grad())
        using (NewDisposeScope())
        {
            var ticks = tensor(axis, float64).to_type(ScalarType.Float32);
            var points = stack([ticks.repeat(cells), ticks.repeat_interleave(cells)], 1); // x₁ fastest: [n², 2]
            values = logDensity(points).exp().to_type(ScalarType.Float64).data<double>().ToArray();
        }

        var density = new double[cells, cells];
        for (var i = 0; i < cells; i++)
        {
            for (var j = 0; j < cells; j++)
            {
                density[i, j] = values[(i * cells) + j];
            }
        }

        return new DensityGrid(density, axis, side);
    }

    /// <summary>The density as a heatmap.</summary>
    public GenericChart Chart(string? title = null) => Charts.Heatmap(Density, Axis, Axis, title: title);
}
