using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using GenerativeCourse.Notebooks.Document;
using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// One running kernel process, <c>gencourse-worker</c> or the genuine .NET Interactive kernel: sends requests and turns
/// everything it writes into protocol messages (<see cref="WorkerProtocol"/>), through the <see cref="IKernelProtocol"/>
/// of that kernel. Standard error arrives as <c>stream</c> messages without a cell. When the process's output ends,
/// <see cref="Messages"/> completes.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int StderrLinesKept = 20;

    private readonly Process _process;
    private readonly IKernelProtocol _protocol;
    private readonly Channel<WorkerMessage> _messages = Channel.CreateUnbounded<WorkerMessage>(new() { SingleReader = true });
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private WorkerProcess(Process process, IKernelProtocol protocol)
    {
        _process = process;
        _protocol = protocol;
        _stderrPump = Task.Run(PumpStderrAsync);
        _stdoutPump = Task.Run(PumpStdoutAsync);
    }

    public ChannelReader<WorkerMessage> Messages => _messages.Reader;

    /// <summary>Starts <c>gencourse-worker</c> (<paramref name="workerPath"/>, run by <c>dotnet</c>) in <paramref name="workingDirectory"/>.</summary>
    public static WorkerProcess Start(string workerPath, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(WorkerLocation.DotnetExecutable(), [workerPath], workingDirectory, environment, new CourseWorkerProtocol());

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, spoken to through <paramref name="protocol"/>.</summary>
    public static WorkerProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment, IKernelProtocol protocol)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {string.Join(' ', start.ArgumentList)}");
        return new WorkerProcess(process, protocol);
    }

    public async Task SendAsync(WorkerMessage request, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(_protocol.Encode(request).AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    /// <summary>Tells the kernel there is nothing more to do (its farewell, then end of input); it then exits.</summary>
    public void CloseInputIfRunning()
    {
        try
        {
            if (_protocol.Farewell is { } farewell)
            {
                _process.StandardInput.WriteLine(farewell);
            }

            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has already exited: the pipe is broken, and there is nobody to tell.
        }
    }

    /// <summary>Stops the worker and everything it started, at once.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    /// <summary>
    /// Waits for the worker to exit (killing it after <paramref name="grace"/>) and for its output to be read;
    /// then its exit code and the last lines it wrote to standard error.
    /// </summary>
    public async Task<(int ExitCode, IReadOnlyList<string> StderrTail)> WaitForExitAsync(TimeSpan grace)
    {
        using (var timeout = new CancellationTokenSource(grace))
        {
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAll(_stdoutPump, _stderrPump);
        lock (_stderrTail)
        {
            return (_process.ExitCode, _stderrTail.ToList());
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                foreach (var message in _protocol.Read(line))
                {
                    Write(message);
                }
            }
        }
        finally
        {
            // The stderr pump may still add lines for the crash report; they are read from the tail, not the channel.
            _messages.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > StderrLinesKept)
                {
                    _stderrTail.Dequeue();
                }
            }

            Write(StreamText(StreamOutput.StandardError, line + "\n"));
        }
    }

    private void Write(WorkerMessage message) => _messages.Writer.TryWrite(message);

    private static WorkerMessage StreamText(string name, string text) => WorkerProtocol.StreamText(name, text);
}
