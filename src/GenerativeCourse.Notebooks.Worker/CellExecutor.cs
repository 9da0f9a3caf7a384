using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Runs one cell: its directives first (an unsupported magic fails the cell before any of it runs; <c>#r "nuget:"</c>
/// packages join the notebook's set, which is restored as a whole), then its code as a submission of the notebook's
/// session, referencing the newly restored assemblies. Any failure, including one of the worker itself, becomes the
/// cell's error output.
/// </summary>
internal sealed class CellExecutor
{
    /// <summary><c>ename</c> of a cell whose directives cannot be honoured (bad magic, conflicting versions).</summary>
    public const string DirectiveError = "DirectiveError";

    /// <summary><c>ename</c> of a cell whose packages could not be restored.</summary>
    public const string PackageRestoreError = "PackageRestoreError";

    private readonly NotebookSession _session;
    private readonly OutputOrder _outputs;
    private readonly NativeLibraryResolver _nativeLibraries;
    private readonly PackageSet _packages = new();
    private readonly PackageRestorer _restorer = new();
    private readonly HashSet<string> _referencedFileNames = new(StringComparer.OrdinalIgnoreCase);

    public CellExecutor(NotebookSession session, OutputOrder outputs, NativeLibraryResolver nativeLibraries)
    {
        _session = session;
        _outputs = outputs;
        _nativeLibraries = nativeLibraries;
    }

    /// <summary>Executes the cell's source; false when it failed (the error has been sent).</summary>
    public async Task<bool> ExecuteAsync(string source)
    {
        try
        {
            var parsed = CellDirectives.Parse(source);
            if (!parsed.Succeeded)
            {
                return Fail(DirectiveError, parsed.Errors.Select(error => error.ToString()).ToList());
            }

            var directives = parsed.Value;
            if (directives.IsMarkdown)
            {
                return true;
            }

            var update = _packages.Add(directives.Packages, directives.PackageSources);
            if (!update.Succeeded)
            {
                return Fail(DirectiveError, update.Conflicts);
            }

            var references = update.Changed ? await RestoreAsync() : [];
            return await _session.RunAsync(directives.Code, references);
        }
        catch (PackageRestoreException e)
        {
            _outputs.Error(new CellError(PackageRestoreError, e.Message, e.OutputLines));
            return false;
        }
        catch (Exception e)
        {
            _outputs.Error(SubmissionErrors.FromException(e));
            return false;
        }
    }

    // The whole set again (restore is cumulative); only assemblies not referenced yet are new for this submission.
    // An assembly already referenced from an earlier restore keeps that copy: the process cannot load a second one.
    private async Task<IReadOnlyList<string>> RestoreAsync()
    {
        var restored = await _restorer.RestoreAsync(_packages.Packages, _packages.Sources, CancellationToken.None);
        _nativeLibraries.Add(restored.NativeLibraries);
        return restored.RuntimeAssemblies.Where(path => _referencedFileNames.Add(Path.GetFileName(path))).ToList();
    }

    private bool Fail(string name, IReadOnlyList<string> lines)
    {
        _outputs.Error(new CellError(name, string.Join('\n', lines), lines));
        return false;
    }
}
