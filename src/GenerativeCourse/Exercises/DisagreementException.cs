namespace GenerativeCourse.Exercises;

/// <summary>A from-scratch computation and the library disagree (<see cref="SelfCheck.Close(string, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, double)"/>).</summary>
public sealed class DisagreementException : Exception
{
    public DisagreementException(string what, string problem)
        : base($"{what}: {problem}. One of the two is wrong: check the derivation in the cell against the library's source.")
    {
        What = what;
    }

    public DisagreementException()
    {
        What = "";
    }

    public DisagreementException(string message)
        : base(message)
    {
        What = "";
    }

    public DisagreementException(string message, Exception innerException)
        : base(message, innerException)
    {
        What = "";
    }

    /// <summary>What was compared.</summary>
    public string What { get; }
}
