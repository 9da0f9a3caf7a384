using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// A notebook in memory: nbformat 4 metadata and cells, in the form both Jupyter and Polyglot Notebooks save.
/// <see cref="IpynbReader"/> and <see cref="DibReader"/> make one from a file, the runner appends outputs to its
/// cells, and <see cref="IpynbWriter"/> saves it; writing what was read gives back the same bytes.
/// </summary>
public sealed class Notebook
{
    /// <summary>The only major version of the format we read and write.</summary>
    public const int FormatMajor = 4;

    /// <summary>The minor version that introduced cell ids; new notebooks use it.</summary>
    public const int FormatMinorWithCellIds = 5;

    public Notebook(int formatMinor = FormatMinorWithCellIds, JsonObject? metadata = null)
    {
        FormatMinor = formatMinor;
        Metadata = metadata ?? [];
    }

    /// <summary>Where the notebook was read from (as the caller named it); names it in problems. Null if made in memory.</summary>
    public string? FilePath { get; set; }

    /// <summary><c>nbformat_minor</c>. From 5 on, every cell has an <c>id</c>.</summary>
    public int FormatMinor { get; set; }

    /// <summary>Notebook metadata in file order: kernelspec, language_info, polyglot_notebook, anything else.</summary>
    public JsonObject Metadata { get; }

    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Top-level keys that nbformat does not define, written back unchanged.</summary>
    public JsonObject AdditionalProperties { get; } = [];

    /// <summary>When the whole notebook last ran (<c>metadata.gencourse.timing</c>); setting null removes it.</summary>
    public ExecutionTiming? Timing
    {
        get => ExecutionTiming.ReadFrom(Metadata);
        set => ExecutionTiming.WriteTo(Metadata, value);
    }

    public bool UsesCellIds => FormatMinor >= FormatMinorWithCellIds;

    /// <summary>
    /// Whether the notebook is fit to commit: no outputs, no execution counts, no timing metadata and no
    /// injected-parameters cell. <see cref="UncleanParts"/> says what is in the way.
    /// </summary>
    public bool IsClean => UncleanParts.Count == 0;

    /// <summary>Everything <see cref="Clean"/> would remove, one problem per finding (empty when clean).</summary>
    public IReadOnlyList<NotebookProblem> UncleanParts
    {
        get
        {
            var found = new List<NotebookProblem>();
            for (var i = 0; i < Cells.Count; i++)
            {
                var cell = Cells[i];
                if (cell.HasTag(Parameters.InjectedParametersTag))
                {
                    found.Add(NotebookProblem.InCell(FilePath, i, "is a cell of injected parameters, left by a run"));
                }

                if (cell.Kind == CellKind.Code && cell.Outputs.Count > 0)
                {
                    found.Add(NotebookProblem.InCell(FilePath, i, $"has {cell.Outputs.Count} output(s)"));
                }

                if (cell.Kind == CellKind.Code && cell.ExecutionCount is int count)
                {
                    found.Add(NotebookProblem.InCell(FilePath, i, $"has execution count {count}"));
                }

                if (ExecutionTiming.IsPresentIn(cell.Metadata))
                {
                    found.Add(NotebookProblem.InCell(FilePath, i, "has run timing in metadata.gencourse.timing"));
                }
            }

            if (ExecutionTiming.IsPresentIn(Metadata))
            {
                found.Add(NotebookProblem.InFile(FilePath, "has run timing in metadata.gencourse.timing"));
            }

            return found;
        }
    }

    /// <summary>The notebook's keys in the order the file had them (null for notebooks made in memory).</summary>
    internal IReadOnlyList<string>? KeyOrder { get; set; }

    /// <summary>An empty C# notebook with the metadata Polyglot Notebooks writes.</summary>
    public static Notebook CreateCSharp() => new(FormatMinorWithCellIds, PolyglotMetadata.CreateNotebookMetadata());

    /// <summary>Index of the first cell with the tag, or -1.</summary>
    public int IndexOfTag(string tag) => Cells.FindIndex(cell => cell.HasTag(tag));

    /// <summary>Inserts a cell; in a notebook with cell ids, a cell without one gets a new unique id.</summary>
    public void InsertCell(int index, NotebookCell cell)
    {
        if (UsesCellIds && cell.Id is null)
        {
            cell.Id = UniqueCellId($"cell-{index + 1}");
        }

        Cells.Insert(index, cell);
    }

    public void AddCell(NotebookCell cell) => InsertCell(Cells.Count, cell);

    /// <summary>
    /// An id no cell has: the wanted id itself, else the wanted id with <c>-2</c>, <c>-3</c>, … appended.
    /// Deterministic, so the same run of the same notebook writes the same bytes.
    /// </summary>
    public string UniqueCellId(string wanted)
    {
        var taken = Cells.Select(cell => cell.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var id = wanted;
        for (var n = 2; taken.Contains(id); n++)
        {
            id = $"{wanted}-{n}";
        }

        return id;
    }

    /// <summary>
    /// Makes the notebook fit to commit: removes outputs, execution counts, run timing (cells and notebook) and
    /// cells of injected parameters. Ids, tags, profiles and all other metadata stay.
    /// </summary>
    public void Clean()
    {
        Cells.RemoveAll(cell => cell.HasTag(Parameters.InjectedParametersTag));
        foreach (var cell in Cells)
        {
            cell.ClearExecution();
        }

        Timing = null;
    }
}
