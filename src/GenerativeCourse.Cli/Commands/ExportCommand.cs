using System.CommandLine;
using GenerativeCourse.Notebooks.Export;
using Spectre.Console;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse export &lt;notebook&gt; [--out file.cs]</c>: writes the notebook as a .NET 10 file-based app with
/// <see cref="FileBasedAppExporter"/> (next to the notebook by default; the folder of <c>--out</c> is created), which <c>dotnet run file.cs</c> runs.
/// Exit code 0 when written; 2 when the notebook cannot be read or exported, or the file cannot be written
/// (nothing is written then).
/// </summary>
internal static class ExportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook to export (.ipynb or .dib)" };
        var output = new Option<string?>("--out", "-o") { Description = "The app's .cs file; default: the notebook's path with the extension .cs" };
        var command = new Command("export", "Export a notebook to a .NET 10 file-based app (dotnet run file.cs).") { notebook, output };
        command.SetAction(parse => Export(console, parse.GetValue(notebook)!, parse.GetValue(output)));
        return command;
    }

    private static int Export(IAnsiConsole console, string notebookPath, string? outputPath)
    {
        if (outputPath is not null && Path.GetDirectoryName(Path.GetFullPath(outputPath)) is { } folder && !Directory.Exists(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(outputPath)}: cannot create its folder: {Markup.Escape(e.Message)}");
                return ExitCodes.BadUsage;
            }
        }

        var exported = FileBasedAppExporter.ExportFile(notebookPath, outputPath);
        if (!exported.Succeeded)
        {
            return RunReport.BadUsage(console, exported.Problems);
        }

        console.MarkupLine($"Exported {Markup.Escape(notebookPath)} to {Markup.Escape(exported.Value)}");
        console.MarkupLine($"Run it with: dotnet run {Markup.Escape(exported.Value)}");
        return ExitCodes.Success;
    }
}
