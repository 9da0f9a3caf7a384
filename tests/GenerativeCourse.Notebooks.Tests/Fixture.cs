using System.Text;
using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests;

/// <summary>Opens the notebooks under Fixtures/ (copied next to the test assembly) and builds small ones in memory.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>Reads a fixture, failing the test with every problem if it does not read.</summary>
    public static Notebook Read(string name) => Succeed(NotebookFile.Read(PathOf(name)));

    public static Notebook Parse(string json, string fileName = "test.ipynb") => Succeed(IpynbReader.Parse(json, fileName));

    public static T Succeed<T>(DocumentResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    /// <summary>A notebook with the given notebook metadata and one code cell with the given metadata and source.</summary>
    public static Notebook WithCodeCell(string notebookMetadata, string cellMetadata, string source = "var x = 1;")
    {
        var notebook = new Notebook(metadata: JsonNode.Parse(notebookMetadata)!.AsObject()) { FilePath = "kernels.ipynb" };
        notebook.Cells.Add(new NotebookCell(CellKind.Code, source, JsonNode.Parse(cellMetadata)!.AsObject()));
        return notebook;
    }

    /// <summary>A temporary directory, deleted when disposed.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("gencourse-notebooks-").FullName;

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
