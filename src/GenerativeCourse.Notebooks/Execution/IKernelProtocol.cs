using GenerativeCourse.Notebooks.Execution.Protocol;

namespace GenerativeCourse.Notebooks.Execution;

/// <summary>
/// How <see cref="WorkerProcess"/> talks to one kind of kernel: requests out as lines of its standard input, lines of
/// its standard output back as <see cref="WorkerProtocol"/> messages. One instance serves one process.
/// </summary>
internal interface IKernelProtocol
{
    /// <summary>The line that carries <paramref name="request"/> (an <see cref="WorkerProtocol.Execute"/> message).</summary>
    string Encode(WorkerMessage request);

    /// <summary>The line that asks the kernel to exit, sent before its input is closed; null when closing the input is enough.</summary>
    string? Farewell { get; }

    /// <summary>The messages in one line of standard output (without its newline); none for a line that carries nothing.</summary>
    IEnumerable<WorkerMessage> Read(string line);
}
