using System.Globalization;

namespace GenerativeCourse.Training;

/// <summary>What happened in one epoch: of <see cref="Trainer.RunEpoch"/> (and so of <see cref="Trainer.Fit"/>), or of a
/// catalogue run's epoch.</summary>
/// <param name="Epoch">Epoch number, counting from 1 across every call of a trainer (and across a restored checkpoint).</param>
/// <param name="Steps">Optimiser steps (batches) in the epoch.</param>
/// <param name="Examples">Examples seen: the sum of the batches' first dimensions.</param>
/// <param name="TrainLoss">Mean of the batch losses, weighted by batch size, in the loss function's units
/// (nats per example for the density models). Measured while the parameters change, so it lags behind the
/// loss at the epoch's end.</param>
/// <param name="MeanGradientNorm">Mean Euclidean norm of the full gradient, before clipping; NaN where it is not
/// measured (the adversarial and contrastive-divergence runs of the catalogue), and then left out of <see cref="ToString"/>.</param>
/// <param name="Validation">The value returned by <see cref="TrainerOptions.Validation"/>, if set.</param>
/// <param name="TrainTime">Wall time of the training steps (validation excluded).</param>
public sealed record EpochReport(
    int Epoch,
    int Steps,
    long Examples,
    double TrainLoss,
    double MeanGradientNorm,
    double? Validation,
    TimeSpan TrainTime)
{
    /// <summary>A remark printed at the end of the line, such as where an early-stopping rule stands; null for none.</summary>
    public string? Note { get; init; }

    /// <summary>Training throughput: <see cref="Examples"/> / <see cref="TrainTime"/>.</summary>
    public double ExamplesPerSecond => TrainTime > TimeSpan.Zero ? Examples / TrainTime.TotalSeconds : double.PositiveInfinity;

    public override string ToString()
    {
        var validation = Validation is { } v ? FormattableString.Invariant($"  validation {v:F4}") : "";
        var gradient = double.IsNaN(MeanGradientNorm) ? "" : FormattableString.Invariant($"  |grad| {MeanGradientNorm:F3}");
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {Epoch,3}  loss {TrainLoss:F4}{validation}{gradient}  {ExamplesPerSecond:N0} examples/s  {TrainTime.TotalSeconds:F1} s{(Note is null ? "" : $"  ({Note})")}");
    }
}
