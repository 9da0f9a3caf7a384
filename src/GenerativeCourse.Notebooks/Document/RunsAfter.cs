using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// The notebooks that must run before this one in a course run, as a notebook declares them in its own metadata:
/// <c>"gencourse": { "runsAfter": ["07-energy-based-models-rbm", "08-pixelcnn"] }</c>, names of notebooks in the same
/// folder without their extension. Chapter 06 declares the chapters whose checkpoints it compares, so that a run of
/// the whole folder loads those models instead of training them twice (see <see cref="CourseMetadata"/>).
/// </summary>
public static class RunsAfter
{
    /// <summary>Key of the list, in the notebook's <c>gencourse</c> metadata object.</summary>
    public const string Key = "runsAfter";

    /// <summary>The declared names (empty when the notebook declares none), or the problem with the declaration.</summary>
    /// <param name="notebook">The notebook, as read.</param>
    /// <param name="file">Its path, for the message.</param>
    public static DocumentResult<IReadOnlyList<string>> ReadFrom(Notebook notebook, string file)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        if (notebook.Metadata[CourseMetadata.Key] is not JsonObject course || !course.TryGetPropertyValue(Key, out var node))
        {
            return DocumentResult<IReadOnlyList<string>>.Success([]);
        }

        var names = node is JsonArray list ? list.Select(JsonText.AsString).ToList() : null;
        if (names is null || names.Any(string.IsNullOrWhiteSpace))
        {
            return DocumentResult<IReadOnlyList<string>>.Failure([NotebookProblem.InFile(
                file,
                $"metadata.{CourseMetadata.Key}.{Key}: expected a list of notebook names (such as \"08-pixelcnn\"), found {JsonText.Describe(node)}{(names is null ? "" : " with an empty or non-string name")}")]);
        }

        return DocumentResult<IReadOnlyList<string>>.Success(names!);
    }
}
