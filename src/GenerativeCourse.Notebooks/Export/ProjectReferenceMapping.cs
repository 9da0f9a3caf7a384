namespace GenerativeCourse.Notebooks.Export;

/// <summary>
/// Turns a notebook's <c>#r "…/artifacts/bin/&lt;Project&gt;/…/&lt;Project&gt;.dll"</c> (the course library, built by the
/// repository) into the project that builds it, since a file-based app has no <c>#r</c>: the project is
/// <c>src/&lt;Project&gt;/&lt;Project&gt;.csproj</c> of the same repository, when that file exists.
/// </summary>
internal static class ProjectReferenceMapping
{
    /// <summary>The full path of the project that builds <paramref name="assemblyPath"/> (a full path), or null.</summary>
    public static string? ProjectOf(string assemblyPath)
    {
        var parts = assemblyPath.Replace('\\', '/').Split('/');
        var project = Path.GetFileNameWithoutExtension(assemblyPath);
        for (var i = parts.Length - 3; i >= 0; i--)
        {
            if (parts[i] == "artifacts" && parts[i + 1] == "bin" && parts[i + 2] == project)
            {
                var repository = string.Join('/', parts[..i]);
                var csproj = Path.Combine(repository.Length == 0 ? "/" : repository, "src", project, project + ".csproj");
                return File.Exists(csproj) ? Path.GetFullPath(csproj) : null;
            }
        }

        return null;
    }

    /// <summary>A path as <c>#:project</c> wants it: relative to the app's folder, with forward slashes.</summary>
    public static string RelativeTo(string appDirectory, string fullPath) =>
        Path.GetRelativePath(appDirectory, fullPath).Replace('\\', '/');
}
