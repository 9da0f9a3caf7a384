// gencourse-worker: executes the code cells of one notebook for the runner (GenerativeCourse.Notebooks/Execution).
// The runner starts it with the notebook's folder as working directory, sends one request per cell on standard
// input and reads outputs from standard output; the protocol is in Execution/Protocol/WorkerProtocol.cs.
using System.Text;
using GenerativeCourse.Notebooks.Execution.Protocol;
using GenerativeCourse.Notebooks.Worker;

// Take the real standard streams before the cells get theirs: output carries the protocol, input the requests.
var protocol = new ProtocolWriter(Console.OpenStandardOutput());
using var requests = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
var stdout = new ConsoleCapture("stdout", protocol);
var stderr = new ConsoleCapture("stderr", protocol);
Console.SetOut(stdout);
Console.SetError(stderr);
Console.SetIn(TextReader.Null);

var outputs = new OutputOrder(protocol, stdout, stderr);
NotebookGlobals.Sink = outputs.Display;
NotebookGlobals.UpdateSink = outputs.Update;
var nativeLibraries = new NativeLibraryResolver();
nativeLibraries.Install();
var assemblies = new ManagedAssemblyResolver();
assemblies.Install();
var cells = new CellExecutor(new NotebookSession(Environment.CurrentDirectory, outputs), outputs, nativeLibraries, assemblies);

protocol.Send(new WorkerMessage(WorkerProtocol.Ready));
while (await requests.ReadLineAsync() is { } line)
{
    if (WorkerProtocol.Deserialize(line) is not { Type: WorkerProtocol.Execute, Cell: int cell, Code: { } code })
    {
        await Console.Error.WriteLineAsync($"gencourse-worker: ignored a request it does not understand: {line}");
        continue;
    }

    protocol.CurrentCell = cell;
    var start = DateTimeOffset.UtcNow;
    protocol.Send(new WorkerMessage(WorkerProtocol.Started) { Cell = cell, Time = start });
    var succeeded = await cells.ExecuteAsync(code);
    outputs.FlushConsole();
    protocol.Send(new WorkerMessage(WorkerProtocol.Finished) { Cell = cell, Succeeded = succeeded, Start = start, End = DateTimeOffset.UtcNow });
    protocol.CurrentCell = null;
}

return 0;
