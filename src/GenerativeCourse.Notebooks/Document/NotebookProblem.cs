using System.Text;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Something wrong with a notebook (or with a request about it) that a user can fix: where it is and
/// what was expected. The document stage returns problems as values instead of throwing for bad input.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> reads like a compiler diagnostic, for example
/// <c>notebooks/03-vae.ipynb(12,5): invalid JSON: ...</c> or <c>notebooks/03-vae.ipynb: cells[4]: missing "source"</c>.
/// </remarks>
/// <param name="Message">What is wrong and what was expected instead.</param>
public sealed record NotebookProblem(string Message)
{
    /// <summary>The file as the caller named it, or null when the problem is not about a file (a command-line override).</summary>
    public string? File { get; init; }

    /// <summary>Zero-based index of the cell in the notebook's <c>cells</c> array, when the problem is in one cell.</summary>
    public int? CellIndex { get; init; }

    /// <summary>One-based line in the file, when known.</summary>
    public int? Line { get; init; }

    /// <summary>One-based column in characters (not bytes), when known.</summary>
    public int? Column { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        if (File is not null)
        {
            text.Append(File);
            if (Line is int line)
            {
                text.Append('(').Append(line).Append(',').Append(Column ?? 1).Append(')');
            }

            text.Append(": ");
        }

        if (CellIndex is int cell)
        {
            text.Append("cells[").Append(cell).Append("]: ");
        }

        return text.Append(Message).ToString();
    }

    internal static NotebookProblem InFile(string? file, string message) => new(message) { File = file };

    internal static NotebookProblem InCell(string? file, int cellIndex, string message) =>
        new(message) { File = file, CellIndex = cellIndex };
}
