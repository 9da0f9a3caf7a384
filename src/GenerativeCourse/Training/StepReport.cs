namespace GenerativeCourse.Training;

/// <summary>Where training stands after one optimiser step, for a progress bar.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="Step">Step (batch) within the epoch, from 1.</param>
/// <param name="Examples">Examples seen in this epoch so far.</param>
/// <param name="Loss">The loss of this step's batch, in the loss function's units (nats per example for density models).</param>
/// <param name="Elapsed">Wall time since the epoch started.</param>
public sealed record StepReport(int Epoch, int Step, long Examples, double Loss, TimeSpan Elapsed)
{
    /// <summary>Examples per second in this epoch so far.</summary>
    public double ExamplesPerSecond => Elapsed > TimeSpan.Zero ? Examples / Elapsed.TotalSeconds : 0;
}
