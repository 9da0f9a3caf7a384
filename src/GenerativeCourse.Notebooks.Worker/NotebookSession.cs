using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// The script state of one notebook. Each code cell is one submission that continues the previous one, so
/// variables, types and <c>using</c>s carry over; a cell that throws keeps what it assigned before the throw, as
/// in the C# kernel of .NET Interactive. Outputs go out through <see cref="OutputOrder"/> as they happen.
/// </summary>
internal sealed class NotebookSession
{
    private readonly OutputOrder _outputs;
    private readonly Task<ScriptOptions> _warmUp;
    private ScriptOptions? _options;
    private ScriptState<object?>? _state;

    /// <summary>
    /// Starts preparing the compiler in the background (references, and one throw-away compilation that loads and
    /// compiles Roslyn itself), so that this work overlaps the first cell's request and its package restore.
    /// </summary>
    public NotebookSession(string notebookDirectory, OutputOrder outputs)
    {
        _outputs = outputs;
        _warmUp = Task.Run(() =>
        {
            var options = SessionOptions.Create(notebookDirectory);
            CSharpScript.Create<object?>("0", options).Compile();
            return options;
        });
    }

    /// <summary>Compiles and runs one submission; false when it failed (the error has been sent).</summary>
    /// <param name="code">C# script code, directives already handled (their lines blank).</param>
    /// <param name="newReferences">Assemblies restored for this cell, referenced from this submission on.</param>
    public async Task<bool> RunAsync(string code, IReadOnlyCollection<string> newReferences)
    {
        _options ??= await _warmUp;
        if (newReferences.Count > 0)
        {
            _options = _options.AddReferences(newReferences.Select(path => MetadataReference.CreateFromFile(path)));
        }

        var script = _state is null
            ? CSharpScript.Create<object?>(code, _options)
            : _state.Script.ContinueWith<object?>(code, _options);
        var diagnostics = script.Compile();
        if (diagnostics.Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error))
        {
            _outputs.Error(SubmissionErrors.FromDiagnostics(diagnostics));
            return false;
        }

        var state = _state is null
            ? await script.RunAsync(globals: null, catchException: _ => true)
            : await script.RunFromAsync(_state, catchException: _ => true);
        _state = state;
        if (state.Exception is { } exception)
        {
            _outputs.Error(SubmissionErrors.FromException(exception));
            return false;
        }

        if (TrailingExpression.HasValue(script))
        {
            _outputs.Display(ValueFormatter.Format(state.ReturnValue, []));
        }

        return true;
    }
}
