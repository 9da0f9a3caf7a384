using System.Text;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Execution.Directives;

/// <summary>The line-by-line work behind <see cref="CellDirectives.Parse"/>; one instance reads one cell.</summary>
internal sealed class DirectiveParser
{
    private const string SupportedMagics =
        "the runner understands only the kernel magics #!csharp (also #!c#, #!cs) and #!markdown, on a cell's first line";

    private static readonly KernelNames _kernels = new(kernelInfo: null);

    private readonly List<(string Text, string End)> _lines;
    private readonly StringBuilder _code = new();
    private readonly List<PackageRequest> _packages = [];
    private readonly List<string> _sources = [];
    private readonly List<ScriptReference> _references = [];
    private readonly List<DirectiveError> _errors = [];
    private KernelMagic _kernel = KernelMagic.None;
    private bool _seenNonBlank;

    public DirectiveParser(string source) => _lines = SourceLines.Split(source);

    public DirectivesResult Parse()
    {
        var state = LexicalState.Code;
        for (var index = 0; index < _lines.Count; index++)
        {
            var (text, end) = _lines[index];
            var line = index + 1;
            var trimmed = text.Trim();
            var isFirstNonBlank = !_seenNonBlank && trimmed.Length > 0;
            _seenNonBlank |= trimmed.Length > 0;

            // A preprocessor line is all directive: it does not open strings or comments, so the state stays Code.
            var isDirectiveLine = state.Mode == LexicalMode.Code && trimmed.StartsWith('#');
            var keep = !isDirectiveLine || ReadDirective(trimmed, line, isFirstNonBlank);
            if (_kernel == KernelMagic.Markdown)
            {
                return DirectivesResult.Success(new CellDirectives(KernelMagic.Markdown, "", [], [], []));
            }

            if (!isDirectiveLine)
            {
                state = LineScanner.Scan(text, state);
            }

            _code.Append(keep ? text : "").Append(end);
        }

        return _errors.Count > 0
            ? DirectivesResult.Failure(_errors)
            : DirectivesResult.Success(new CellDirectives(
                _kernel, _code.ToString(), _packages.Distinct().ToList(), _sources.Distinct(StringComparer.Ordinal).ToList(), _references));
    }

    /// <summary>Handles a line starting with <c>#</c>; returns whether the line stays in the code for Roslyn.</summary>
    private bool ReadDirective(string trimmed, int line, bool isFirstNonBlank)
    {
        if (trimmed.StartsWith("#!", StringComparison.Ordinal))
        {
            ReadMagic(trimmed, line, isFirstNonBlank);
            return false;
        }

        var nameLength = 1;
        while (nameLength < trimmed.Length && !char.IsWhiteSpace(trimmed[nameLength]) && trimmed[nameLength] != '"')
        {
            nameLength++;
        }

        var name = trimmed[..nameLength];
        var rest = trimmed[nameLength..];
        switch (name)
        {
            case "#r":
                return ReadReference(rest, line);
            case "#i":
                ReadSource(rest, line);
                return false;
            case "#load":
                if (QuotedArgument(name, rest, line, "#load \"file.csx\"") is { } script)
                {
                    _references.Add(new ScriptReference(ScriptReferenceKind.Script, script, line));
                }

                return true;
            default:
                // #region, #if, #nullable, #pragma, …: C#'s own directives, for Roslyn.
                return true;
        }
    }

    private void ReadMagic(string trimmed, int line, bool isFirstNonBlank)
    {
        var token = trimmed[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var magic = "#!" + token;
        if (!_kernels.TryResolve(token, out var kernel))
        {
            Error(line, $"magic command \"{magic}\" is not supported; {SupportedMagics}");
        }
        else if (kernel != PolyglotMetadata.CSharpKernelName && kernel != PolyglotMetadata.MarkdownKernelName)
        {
            Error(line, $"kernel \"{magic}\" is not supported; {SupportedMagics}");
        }
        else if (!isFirstNonBlank)
        {
            Error(line, $"kernel magic \"{magic}\" is not supported after the cell's first line (one cell, one kernel); " +
                "start a new cell for it instead");
        }
        else
        {
            _kernel = kernel == PolyglotMetadata.MarkdownKernelName ? KernelMagic.Markdown : KernelMagic.CSharp;
        }
    }

    private bool ReadReference(string rest, int line)
    {
        if (QuotedArgument("#r", rest, line, "#r \"nuget: Name, Version\" or #r \"path.dll\"") is not { } argument)
        {
            return false;
        }

        if (!NuGetDirective.HasPrefix(argument))
        {
            _references.Add(new ScriptReference(ScriptReferenceKind.Assembly, argument, line));
            return true;
        }

        var (package, error) = NuGetDirective.ParsePackage(argument);
        if (package is null)
        {
            Error(line, error!);
        }
        else
        {
            _packages.Add(package);
        }

        return false;
    }

    private void ReadSource(string rest, int line)
    {
        const string Expected = "#i \"nuget: <source URL or folder>\"";
        if (QuotedArgument("#i", rest, line, Expected) is not { } argument)
        {
            return;
        }

        if (!NuGetDirective.HasPrefix(argument))
        {
            Error(line, $"#i \"{argument}\" is not supported: #i only adds NuGet package sources, written {Expected}");
            return;
        }

        var (source, error) = NuGetDirective.ParseSource(argument);
        if (source is null)
        {
            Error(line, error!);
        }
        else
        {
            _sources.Add(source);
        }
    }

    /// <summary>The text between the quotes after a directive name, or null after recording why it is malformed.</summary>
    private string? QuotedArgument(string directive, string rest, int line, string expected)
    {
        var text = rest.Trim();
        if (!text.StartsWith('"'))
        {
            Error(line, $"malformed {directive} directive: expected a quoted argument, as in {expected}");
            return null;
        }

        var close = text.IndexOf('"', 1);
        if (close < 0)
        {
            Error(line, $"malformed {directive} directive: the closing quote is missing, expected {expected}");
            return null;
        }

        var after = text[(close + 1)..].TrimStart();
        if (after.Length > 0 && !after.StartsWith("//", StringComparison.Ordinal))
        {
            Error(line, $"malformed {directive} directive: unexpected \"{after}\" after the closing quote, expected {expected}");
            return null;
        }

        return text[1..close];
    }

    private void Error(int line, string message) => _errors.Add(new DirectiveError(line, message));
}
