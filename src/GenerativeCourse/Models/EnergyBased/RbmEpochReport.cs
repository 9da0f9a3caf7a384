using System.Globalization;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>One epoch of <see cref="ContrastiveDivergence.Epoch"/>.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="Examples">Training examples seen.</param>
/// <param name="ReconstructionError">Mean squared one-step reconstruction error per example (summed over pixels),
/// measured before each update: a proxy, not a likelihood.</param>
/// <param name="TrainTime">Wall time of the epoch.</param>
public sealed record RbmEpochReport(int Epoch, long Examples, double ReconstructionError, TimeSpan TrainTime)
{
    /// <summary>Training throughput.</summary>
    public double ExamplesPerSecond => TrainTime > TimeSpan.Zero ? Examples / TrainTime.TotalSeconds : double.PositiveInfinity;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch,3}  reconstruction error {ReconstructionError:F2}  {ExamplesPerSecond:N0} examples/s  {TrainTime.TotalSeconds:F1} s");
}
