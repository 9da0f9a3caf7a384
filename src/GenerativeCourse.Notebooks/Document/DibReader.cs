using System.Text;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Reads a Polyglot <c>.dib</c> file: plain text cut into cells by kernel lines (<c>#!csharp</c>, <c>#!markdown</c>,
/// <c>#!fsharp</c>, … and aliases), optionally headed by <c>#!meta</c> and one JSON object such as
/// <c>{"kernelInfo":{"defaultKernelName":"csharp","items":[...]}}</c>. Text before the first kernel line belongs to the
/// default kernel; other <c>#!</c> lines (<c>#!time</c>) are magic commands and stay in their cell; blank lines around a
/// cell are dropped, and empty cells skipped. The result is a C# Polyglot notebook (nbformat 4.5, ids <c>cell-1</c>, …)
/// whose <c>polyglot_notebook</c> metadata is the <c>#!meta</c> object. A .dib has no outputs, tags or cell metadata.
/// </summary>
public static class DibReader
{
    private const string MetaLine = "#!meta";

    public static DocumentResult<Notebook> ReadFile(string path) =>
        NotebookFile.TryReadAllBytes(path, out var bytes, out var problem)
            ? Parse(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), path)
            : DocumentResult<Notebook>.Failure(problem);

    public static DocumentResult<Notebook> Parse(string text, string fileName)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var next = 0;
        while (next < lines.Count && string.IsNullOrWhiteSpace(lines[next]))
        {
            next++;
        }

        JsonObject? meta = null;
        if (next < lines.Count && lines[next].Trim() == MetaLine)
        {
            var jsonStart = next + 1;
            next = jsonStart;
            while (next < lines.Count && !lines[next].StartsWith("#!", StringComparison.Ordinal))
            {
                next++;
            }

            var json = string.Join('\n', lines.GetRange(jsonStart, next - jsonStart));
            var parsed = JsonText.Parse(Encoding.UTF8.GetBytes(json), fileName, firstLine: jsonStart + 1, out var problem);
            if (problem is not null)
            {
                return DocumentResult<Notebook>.Failure(problem);
            }

            meta = parsed as JsonObject;
            if (meta is null)
            {
                return DocumentResult<Notebook>.Failure(new NotebookProblem(
                    $"the {MetaLine} section must hold one JSON object such as {{\"kernelInfo\": {{\"defaultKernelName\": \"csharp\"}}}}, found {JsonText.Describe(parsed)}")
                {
                    File = fileName,
                    Line = jsonStart,
                });
            }
        }

        var notebook = Notebook.CreateCSharp();
        notebook.FilePath = fileName;
        var kernelInfo = meta?[PolyglotMetadata.KernelInfoKey] as JsonObject;
        if (meta is not null)
        {
            notebook.Metadata[PolyglotMetadata.PolyglotKey] = meta;
        }

        var names = new KernelNames(kernelInfo);
        var kernel = names.Canonical(JsonText.AsString(kernelInfo?[PolyglotMetadata.DefaultKernelNameKey]) ?? PolyglotMetadata.CSharpKernelName);
        var section = new List<string>();
        for (; next < lines.Count; next++)
        {
            var line = lines[next];
            if (line.StartsWith("#!", StringComparison.Ordinal) && names.TryResolve(line[2..], out var sectionKernel))
            {
                AddCell(notebook, kernel, section);
                kernel = sectionKernel;
                section.Clear();
            }
            else
            {
                section.Add(line);
            }
        }

        AddCell(notebook, kernel, section);
        return DocumentResult<Notebook>.Success(notebook);
    }

    private static void AddCell(Notebook notebook, string kernel, List<string> lines)
    {
        var first = lines.FindIndex(line => !string.IsNullOrWhiteSpace(line));
        if (first < 0)
        {
            return;
        }

        var last = lines.FindLastIndex(line => !string.IsNullOrWhiteSpace(line));
        var source = string.Join('\n', lines.GetRange(first, last - first + 1));
        var cell = kernel == PolyglotMetadata.MarkdownKernelName ? NotebookCell.Markdown(source) : NotebookCell.Code(source, kernel);
        cell.Id = notebook.UniqueCellId($"cell-{notebook.Cells.Count + 1}");
        notebook.Cells.Add(cell);
    }
}
