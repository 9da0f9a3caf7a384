using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Execution.DotnetInteractive;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Tests.DotnetInteractive;

/// <summary>
/// The translation between the genuine kernel's stdio events and the runner's messages, on event lines of the shape
/// tool 1.0.712001 writes (recorded from it, shortened).
/// </summary>
public sealed class DotnetInteractiveProtocolTests
{
    [Fact]
    public void ACellGoesOutAsSubmitCodeWithTheCellsToken()
    {
        var line = new DotnetInteractiveProtocol().Encode(new WorkerMessage(WorkerProtocol.Execute) { Cell = 7, Code = "1 + 1" });

        var envelope = JsonNode.Parse(line)!;
        Assert.Equal(("cell-7", "SubmitCode", "1 + 1", "csharp"),
            ((string?)envelope["token"], (string?)envelope["commandType"], (string?)envelope["command"]!["code"], (string?)envelope["command"]!["targetKernelName"]));
    }

    [Fact]
    public void TheBannerIsIgnoredAndKernelReadyMeansReady()
    {
        var protocol = new DotnetInteractiveProtocol();

        Assert.Empty(protocol.Read("Welcome to .NET Interactive!"));
        Assert.Equal(WorkerProtocol.Ready, Assert.Single(protocol.Read("""{"event":{"kernelInfos":[]},"eventType":"KernelReady","command":null}""")).Type);
    }

    [Fact]
    public void OutputOfAPartOfTheSubmissionBelongsToTheCellButOnlyTheCellsOwnResultFinishesIt()
    {
        var protocol = new DotnetInteractiveProtocol();

        var stdout = Assert.Single(protocol.Read(Event("StandardOutputValueProduced", "cell-3.1", """{"formattedValues":[{"mimeType":"text/plain","value":"hi\n"}]}""")));
        Assert.Equal((WorkerProtocol.Stream, 3, "stdout", "hi\n"), (stdout.Type, stdout.Cell, stdout.Name, stdout.Text));
        Assert.Empty(protocol.Read(Event("CommandSucceeded", "cell-3.1", "{}")));
        var finished = Assert.Single(protocol.Read(Event("CommandSucceeded", "cell-3", """{"executionOrder":0}""")));
        Assert.Equal((WorkerProtocol.Finished, 3, true), (finished.Type, finished.Cell, finished.Succeeded));
        Assert.Empty(protocol.Read(Event("CommandSucceeded", "quit", "{}")));
    }

    [Fact]
    public void DisplaysKeepTheirValueIdAndReturnValuesHaveNone()
    {
        var protocol = new DotnetInteractiveProtocol();
        const string values = """{"formattedValues":[{"mimeType":"text/html","value":"<b>2</b>"},{"mimeType":"text/plain","value":"2"}],"valueId":"v1"}""";

        var shown = Assert.Single(protocol.Read(Event("DisplayedValueProduced", "cell-0", values)));
        var updated = Assert.Single(protocol.Read(Event("DisplayedValueUpdated", "cell-1", values)));
        var returned = Assert.Single(protocol.Read(Event("ReturnValueProduced", "cell-0", values)));

        Assert.Equal((WorkerProtocol.Display, "v1", "<b>2</b>", "2"), (shown.Type, shown.DisplayId, shown.Data!["text/html"], shown.Data["text/plain"]));
        Assert.Equal((WorkerProtocol.Update, 1, "v1"), (updated.Type, updated.Cell, updated.DisplayId));
        Assert.Equal((WorkerProtocol.Display, null), (returned.Type, returned.DisplayId));
    }

    [Fact]
    public void CompilerDiagnosticsBecomeACompilationError()
    {
        var messages = new DotnetInteractiveProtocol().Read(Event("CommandFailed", "cell-2",
            """{"message":"(1,9): error CS0029: Cannot implicitly convert type 'string' to 'int'","executionOrder":null}""")).ToList();

        Assert.Equal([WorkerProtocol.Error, WorkerProtocol.Finished], messages.Select(m => m.Type));
        Assert.Equal(("CompilationError", "(1,9): error CS0029: Cannot implicitly convert type 'string' to 'int'", false),
            (messages[0].Ename, messages[0].Evalue, messages[1].Succeeded));
    }

    [Fact]
    public void AnExceptionIsNamedByItsTypeWithItsStackAsTheTraceback()
    {
        var error = DotnetInteractiveProtocol.Failure(4,
            "System.IO.FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'.\r\n   at Plotly.NET.CSharp.Chart.Line()");

        Assert.Equal(("System.IO.FileNotFoundException", "Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'.", 4),
            (error.Ename, error.Evalue, error.Cell));
        Assert.Equal(["System.IO.FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'.", "   at Plotly.NET.CSharp.Chart.Line()"],
            error.Traceback);
        Assert.Equal(("Error", "Unable to find package NoSuch"), (DotnetInteractiveProtocol.Failure(0, "Unable to find package NoSuch").Ename,
            DotnetInteractiveProtocol.Failure(0, "Unable to find package NoSuch").Evalue));
    }

    private static string Event(string eventType, string token, string data) =>
        "{\"event\":" + data + ",\"eventType\":\"" + eventType + "\",\"command\":{\"token\":\"" + token +
        "\",\"commandType\":\"SubmitCode\",\"command\":{\"code\":\"\"}}}";
}
