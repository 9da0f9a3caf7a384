using GenerativeCourse.Plots;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Plots;

public sealed class DensityGridTests
{
    public DensityGridTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void StandardNormalIntegratesToOneOnTheGrid()
    {
        var grid = DensityGrid.Evaluate(x => (-0.5 * x.square().sum(1)) - Math.Log(2 * Math.PI), limit: 6, cells: 120);

        // Midpoint rule with h = 0.1 on a Gaussian: the error is about h²/24 · ∫ p″ ≈ 0 plus the mass outside
        // ±6 (2e-9); float32 evaluation adds ~1e-7 relative. A wrong cell area or a missing row is off by ≥ 1 %.
        Assert.Equal(1.0, grid.Integral, 1e-5);
        Assert.Equal(120, grid.Axis.Length);
        Assert.Equal(-5.95, grid.Axis[0], 1e-12);
        Assert.Equal(0.1, grid.CellSide, 1e-12);
    }

    [Fact]
    public void RowsFollowTheVerticalAxisAndColumnsTheHorizontal()
    {
        // log p = x₁ + 2 x₂ (not a density; only the layout is checked).
        var grid = DensityGrid.Evaluate(x => x[.., 0] + (2 * x[.., 1]), limit: 1, cells: 4);

        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                // float32 evaluation: relative rounding ~1e-7 of values up to e³.
                Assert.Equal(Math.Exp(grid.Axis[j] + (2 * grid.Axis[i])), grid.Density[i, j], 1e-5);
            }
        }
    }
}
