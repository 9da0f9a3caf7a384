using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// The uniform distribution on the dark squares of a checkerboard: the square
/// <c>[−Extent, Extent]²</c> (default [−4, 4]²) is cut into <see cref="CellsPerSide"/>² cells (default 4 × 4)
/// of side <see cref="CellSize"/> (default 2), and the "on" cells are those whose column and row indices
/// (counted from the lower-left corner) have an even sum, half of all cells. The density is flat on them
/// and zero elsewhere, with sharp edges that flows find hard (Grathwohl et al., FFJORD, 2019).
/// </summary>
public sealed class Checkerboard : Toy2DDistribution, IKnownDensity
{
    public Checkerboard(int cellsPerSide = 4, double cellSize = 2.0)
    {
        if (cellsPerSide < 2 || cellsPerSide % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cellsPerSide), cellsPerSide, "Use an even number of cells per side, at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellSize);
        CellsPerSide = cellsPerSide;
        CellSize = cellSize;
    }

    public int CellsPerSide { get; }

    public double CellSize { get; }

    /// <summary>Half the side of the board: <c>CellsPerSide · CellSize / 2</c>.</summary>
    public double Extent => CellsPerSide * CellSize / 2;

    public override string Name => "checkerboard";

    /// <summary>Whether (x, y) lies on the board in an "on" cell, where the density is positive.</summary>
    public bool IsOn(double x, double y)
    {
        var column = Math.Floor((x + Extent) / CellSize);
        var row = Math.Floor((y + Extent) / CellSize);
        var inside = column >= 0 && column < CellsPerSide && row >= 0 && row < CellsPerSide;
        return inside && (column + row) % 2 == 0;
    }

    /// <summary>Area of the on cells, <c>CellsPerSide² / 2 · CellSize²</c> (32 for the default board).</summary>
    public double OnArea => CellsPerSide * CellsPerSide / 2 * CellSize * CellSize;

    /// <summary>log p(x) = −log <see cref="OnArea"/> on the on cells, −∞ elsewhere (a cell's edges belong to the cell above and to the right of them).</summary>
    public Tensor LogDensity(Tensor points)
    {
        CheckPoints(points);
        using var scope = NewDisposeScope();
        var cell = floor((points.to_type(ScalarType.Float64) + Extent) / CellSize);   // [n, 2]: column, row
        var inside = cell.ge(0).logical_and(cell.lt(CellsPerSide)).all(1);
        var on = inside.logical_and(cell.sum(1).remainder(2).eq(0));
        return full([points.shape[0]], double.NegativeInfinity, ScalarType.Float64)
            .masked_fill(on, -Math.Log(OnArea)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// h = log <see cref="OnArea"/> in nats, exactly: the density is uniform, 1/area, on its support (log 32 ≈ 3.4657 for
    /// the default board).
    /// </summary>
    public DifferentialEntropy Entropy => new(Math.Log(OnArea), 0, "closed form: uniform on the on cells, h = log of their area");

    protected override Tensor Draw(int n, Generator? generator)
    {
        // Number the on cells 0 … cells²/2 − 1 row by row: row r holds the columns of parity r mod 2.
        var perRow = CellsPerSide / 2;
        var cell = Choice(CellsPerSide * perRow, n, generator).to_type(ScalarType.Float32);
        var row = floor(cell / perRow);
        var column = (2 * (cell - (row * perRow))) + (row - (2 * floor(row / 2)));
        var offset = Uniform([n, 2], generator);                                 // position inside the cell
        var corner = stack([column, row], dim: 1) * CellSize;
        return corner + (offset * CellSize) - Extent;
    }
}
