namespace GenerativeCourse.Training;

/// <summary>
/// What a checkpoint holds the state of: which model with which options, from which seed, after how many epochs.
/// Stored as JSON at the head of the file (<see cref="Checkpoint"/>), so it can be read without loading any tensor.
/// </summary>
/// <param name="Model">Catalogue name of the model (<c>nade</c>, <c>dcgan</c>, …).</param>
/// <param name="Options">The model's options as text; a checkpoint only loads into a model built with the same text.</param>
/// <param name="Seed">Seed of the run: initial weights and the data order of every epoch derive from it.</param>
/// <param name="Epoch">Epochs completed when the state was saved.</param>
/// <param name="TrainLoss">Mean training loss of each completed epoch, first epoch first, in the model's loss units.</param>
/// <param name="LibraryVersion">Version of the GenerativeCourse library that wrote the file.</param>
/// <param name="SavedUtc">When the file was written.</param>
/// <param name="Validation">Validation loss after each completed epoch, in the same units (NaN where the model has
/// none); null in files written before it was recorded.</param>
/// <param name="BestEpoch">Set when training finished under an early-stopping rule: the weights are those of this
/// epoch, the one with the lowest validation loss, while <paramref name="Epoch"/> is where training stopped (the curves
/// run to it; the optimiser state is that epoch's). Such a checkpoint is finished: it is loaded, never continued. Null
/// for every other checkpoint.</param>
public sealed record CheckpointMetadata(
    string Model,
    string Options,
    ulong Seed,
    int Epoch,
    IReadOnlyList<double> TrainLoss,
    string LibraryVersion,
    DateTimeOffset SavedUtc,
    IReadOnlyList<double>? Validation = null,
    int? BestEpoch = null)
{
    /// <summary>The version of the library in this process, as written into new checkpoints.</summary>
    public static string CurrentLibraryVersion => typeof(CheckpointMetadata).Assembly.GetName().Version?.ToString() ?? "unknown";
}
