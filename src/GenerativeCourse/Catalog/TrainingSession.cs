using GenerativeCourse.Training;

namespace GenerativeCourse.Catalog;

/// <summary>How a <see cref="TrainingSession.Run"/> ended.</summary>
/// <param name="ResumedFrom">Epochs restored from the checkpoint (0 for a fresh start).</param>
/// <param name="CompletedEpochs">Epochs finished, restored ones included; the checkpoint holds this state.</param>
/// <param name="Cancelled">Stopped by the token; the epoch in progress was abandoned and the checkpoint is the last finished epoch's.</param>
/// <param name="CheckpointPath">The checkpoint file.</param>
/// <param name="Epochs">Reports of the epochs run in this session.</param>
/// <param name="BestEpoch">When training finished under the budget's early-stopping rule (here or in the loaded
/// checkpoint): the epoch whose weights the checkpoint holds, the one with the lowest validation loss;
/// <paramref name="CompletedEpochs"/> is then where it stopped. Null otherwise.</param>
public sealed record TrainingOutcome(int ResumedFrom, int CompletedEpochs, bool Cancelled, string CheckpointPath, IReadOnlyList<EpochReport> Epochs, int? BestEpoch = null)
{
    /// <summary>"; stopped at epoch 37, best validation at epoch 32 (its model is kept)", or "" without early stopping.</summary>
    public string EarlyStoppingWords => BestEpoch is { } best
        ? $"; early stopping: stopped at epoch {CompletedEpochs}, best validation at epoch {best} (its model is kept)"
        : "";
}

/// <summary>
/// Trains a catalogue model up to a number of epochs with a checkpoint after every epoch: what <c>gencourse train</c>
/// runs, and what a notebook can call to train or pick up a long run.
/// </summary>
public static class TrainingSession
{
    /// <summary>
    /// Trains <paramref name="run"/> until it has completed <paramref name="epochs"/> epochs, writing the checkpoint
    /// atomically after each one (so the last one is written at the end).
    /// </summary>
    /// <remarks>Under the budget's early-stopping rule (<see cref="ModelRun.EarlyStoppingRule"/>) training also ends when
    /// the rule says stop; then, or when the budget's epochs are done, the best validation epoch's weights are put back
    /// and saved as a finished checkpoint (<see cref="ModelRun.FinishTraining"/>). A finished checkpoint is loaded and not
    /// trained further. Fewer <paramref name="epochs"/> than the budget's leave the run resumable.</remarks>
    /// <param name="run">A freshly created run.</param>
    /// <param name="epochs">Total epochs to reach, counting restored ones: resuming a run of 7 with 20 trains 8 to 20.</param>
    /// <param name="checkpointPath">The checkpoint file (<see cref="ModelRun.CheckpointPath"/>).</param>
    /// <param name="resume">Continue from the checkpoint when the file exists; otherwise start afresh and overwrite it.</param>
    /// <param name="cancellation">Stops between steps; the epoch in progress is abandoned and the last checkpoint kept.</param>
    /// <param name="stepProgress">After every step.</param>
    /// <param name="epochProgress">After every epoch, once its checkpoint is written.</param>
    /// <exception cref="CheckpointException">Resuming from a damaged or mismatched checkpoint; it is left as it is.</exception>
    public static TrainingOutcome Run(
        ModelRun run,
        int epochs,
        string checkpointPath,
        bool resume,
        CancellationToken cancellation = default,
        Action<StepReport>? stepProgress = null,
        Action<EpochReport>? epochProgress = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        if (run.CompletedEpochs > 0)
        {
            throw new ArgumentException("Pass a freshly created run; this one has already trained.", nameof(run));
        }

        var resumedFrom = resume && File.Exists(checkpointPath) ? run.LoadCheckpoint(checkpointPath).Epoch : 0;
        var reports = new List<EpochReport>();
        try
        {
            while (run.CompletedEpochs < epochs && !run.ShouldStop)
            {
                var report = run.TrainEpoch(cancellation, stepProgress);
                run.SaveCheckpoint(checkpointPath);
                reports.Add(report);
                epochProgress?.Invoke(report);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new TrainingOutcome(resumedFrom, run.CompletedEpochs, true, checkpointPath, reports);
        }

        if (run.FinishTraining())
        {
            run.SaveCheckpoint(checkpointPath);
        }

        return new TrainingOutcome(resumedFrom, run.CompletedEpochs, false, checkpointPath, reports, run.FinishedAtBestEpoch);
    }

    /// <summary>
    /// For notebooks and chapter 06: uses the checkpoint of this recipe and profile in <paramref name="folder"/> when it
    /// already has the budget's <see cref="ModelRun.Epochs"/> (no training), continues it when it has fewer, trains from
    /// scratch when there is none or when it was written for another recipe or seed; and says which in the returned
    /// sentence, to print in the cell output so a reader knows whether the numbers were trained in this run.
    /// </summary>
    /// <param name="run">A freshly created run.</param>
    /// <param name="folder">Usually <c>artifacts/checkpoints</c> of the repository (<c>gencourse train</c> writes there).</param>
    /// <param name="epochProgress">After every epoch trained here.</param>
    /// <param name="stepProgress">After every step trained here (a chapter that draws samples during training: a callback
    /// that switches the model to evaluation mode must switch it back to training mode).</param>
    public static string LoadOrTrain(ModelRun run, string folder, Action<EpochReport>? epochProgress = null, Action<StepReport>? stepProgress = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var path = run.CheckpointPath(folder);
        var stale = StaleReason(run, path);
        var outcome = Run(run, run.Epochs, path, resume: stale is null, stepProgress: stepProgress, epochProgress: epochProgress);
        var profile = run.Settings.Profile.Name();
        var stopping = outcome.EarlyStoppingWords;
        return outcome switch
        {
            { Epochs.Count: 0, ResumedFrom: > 0 } =>
                $"Loaded {run.Entry.Name} ({profile} profile) from {path}: {outcome.CompletedEpochs} epochs, seed {run.Settings.Seed}{stopping}; not trained here (delete the file to train here).",
            { ResumedFrom: > 0 } =>
                $"Continued {run.Entry.Name} ({profile} profile) from {path} at epoch {outcome.ResumedFrom} and trained to epoch {outcome.CompletedEpochs}{stopping}; checkpoint updated.",
            _ => $"Trained {run.Entry.Name} ({profile} profile) here for {outcome.CompletedEpochs} epochs{(stale is null ? "" : $" ({stale})")}{stopping}; checkpoint saved to {path}.",
        };
    }

    /// <summary>Why the checkpoint at <paramref name="path"/> cannot be continued by <paramref name="run"/>; null when it can or is absent.</summary>
    private static string? StaleReason(ModelRun run, string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var metadata = Checkpoint.ReadMetadata(path);
            return metadata.Model != run.Entry.Name ? $"the old checkpoint was of {metadata.Model}"
                : metadata.Options != run.OptionsText ? "the old checkpoint was of another recipe"
                : metadata.Seed != run.Settings.Seed ? $"the old checkpoint had seed {metadata.Seed}"
                : null;
        }
        catch (CheckpointException e)
        {
            return $"the old checkpoint could not be read: {e.Message}";
        }
    }
}
