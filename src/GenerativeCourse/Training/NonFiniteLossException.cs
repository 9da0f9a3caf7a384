using System.Globalization;

namespace GenerativeCourse.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Fit"/> when a batch's loss, or the norm of its gradient, is NaN or
/// infinite. The optimiser has not stepped on that batch, so the model keeps the parameters of the last
/// good step and can be inspected or saved.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    public NonFiniteLossException(int epoch, int step, double loss, double? gradientNorm = null)
        : base(Describe(epoch, step, loss, gradientNorm))
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
        GradientNorm = gradientNorm;
    }

    public NonFiniteLossException()
        : this(0, 0, double.NaN)
    {
    }

    public NonFiniteLossException(string message)
        : base(message)
    {
    }

    public NonFiniteLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Epoch of the failing step, counting from 1.</summary>
    public int Epoch { get; }

    /// <summary>Step within the epoch, counting from 1.</summary>
    public int Step { get; }

    /// <summary>The loss of the failing batch (NaN or ±∞ unless the gradient was the problem).</summary>
    public double Loss { get; }

    /// <summary>The gradient norm, when the loss was finite but its gradient was not.</summary>
    public double? GradientNorm { get; }

    private static string Describe(int epoch, int step, double loss, double? gradientNorm)
    {
        var what = gradientNorm is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"the gradient norm became {g} (loss {loss})")
            : string.Create(CultureInfo.InvariantCulture, $"the loss became {loss}");
        return $"Training stopped at epoch {epoch}, step {step}: {what}. The parameters are those before this step. " +
            "Check the batch for NaN or infinite values, lower the learning rate, or set MaxGradientNorm to clip gradients.";
    }
}
