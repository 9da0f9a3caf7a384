namespace GenerativeCourse.Training;

/// <summary>
/// Every <see cref="EpochReport"/> of a trainer, in order, with the columns a loss-curve plot needs.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpochReport> _epochs = [];

    /// <summary>The reports, first epoch first.</summary>
    public IReadOnlyList<EpochReport> Epochs => _epochs;

    /// <summary>Epoch numbers, the x axis of a loss curve.</summary>
    public int[] EpochNumbers => _epochs.Select(e => e.Epoch).ToArray();

    /// <summary>Mean training loss of each epoch.</summary>
    public double[] TrainLoss => _epochs.Select(e => e.TrainLoss).ToArray();

    /// <summary>Validation value of each epoch (NaN where none was computed).</summary>
    public double[] Validation => _epochs.Select(e => e.Validation ?? double.NaN).ToArray();

    /// <summary>Total training wall time (validation excluded).</summary>
    public TimeSpan TrainTime => _epochs.Aggregate(TimeSpan.Zero, (total, e) => total + e.TrainTime);

    /// <summary>Examples per second over all epochs.</summary>
    public double ExamplesPerSecond =>
        TrainTime > TimeSpan.Zero ? _epochs.Sum(e => e.Examples) / TrainTime.TotalSeconds : double.NaN;

    internal void Add(EpochReport report) => _epochs.Add(report);
}
