using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>A protocol message is one line: newlines and the marker inside text are escaped, and it reads back the same.</summary>
public sealed class WorkerProtocolTests
{
    [Fact]
    public void MessageIsOneMarkedLineAndRoundTrips()
    {
        var message = new WorkerMessage(WorkerProtocol.Stream) { Cell = 3, Name = "stdout", Text = "a\nb\r\n\u001e<b>é</b>" };

        var line = WorkerProtocol.ToOutputLine(message);

        Assert.Equal(WorkerProtocol.Marker, line[0]);
        Assert.Equal(1, line.Count(character => character == '\n'));
        Assert.Equal(1, line.Count(character => character == WorkerProtocol.Marker));
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Contains("<b>é</b>", line, StringComparison.Ordinal);
        Assert.Equal(message, WorkerProtocol.Deserialize(line[1..^1]));
    }

    [Fact]
    public void LineThatIsNotJsonIsNotAMessage() => Assert.Null(WorkerProtocol.Deserialize("native text {"));
}
