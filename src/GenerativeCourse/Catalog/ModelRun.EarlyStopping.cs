using GenerativeCourse.Training;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// The early-stopping part of a <see cref="ModelRun"/>: the budget's <see cref="EarlyStopping"/> rule, the weights of
/// the best validation epoch so far (in memory, and in a file beside the checkpoint so that a resumed run keeps them),
/// and the end of training that puts those weights back.
/// </summary>
/// <remarks>
/// <para>Life of a run with a rule: every epoch reports where the rule stands (<see cref="EpochReport.Note"/>); an epoch
/// with a new lowest validation loss copies the weights; <see cref="ShouldStop"/> turns true after
/// <see cref="EarlyStopping.Patience"/> epochs without one; <see cref="FinishTraining"/> then loads the best weights and
/// marks the run finished, and the next <see cref="SaveCheckpoint"/> writes them with
/// <see cref="CheckpointMetadata.BestEpoch"/> set ("stopped at epoch k, best validation at epoch j") and removes the
/// file beside it. A finished checkpoint is loaded, never trained further.</para>
/// <para>Resuming an unfinished run: the checkpoint holds the last epoch's state, for an exact continuation; the best
/// epoch's weights come from <see cref="BestWeightsPath"/>.</para>
/// </remarks>
public abstract partial class ModelRun
{
    private Dictionary<string, Tensor>? _bestWeights;

    /// <summary>The budget's early-stopping rule; null when it trains all its epochs and keeps the last.</summary>
    public EarlyStopping? EarlyStoppingRule => Budget.EarlyStopping;

    /// <summary>
    /// The epoch whose weights the module holds once training finished under the rule (the best validation epoch,
    /// <see cref="CompletedEpochs"/> being where it stopped); null while training goes on and for runs without a rule.
    /// </summary>
    public int? FinishedAtBestEpoch { get; private set; }

    /// <summary>True when the rule says stop, or training has finished under it: train no further epoch.</summary>
    public bool ShouldStop => FinishedAtBestEpoch is not null || (EarlyStoppingRule?.ShouldStop(_validation) ?? false);

    /// <summary>The file beside a checkpoint that holds the weights of the best epoch so far: <c>nade-full.best.ckpt</c>.</summary>
    public static string BestWeightsPath(string checkpointPath) =>
        Path.ChangeExtension(checkpointPath, null) + ".best" + Checkpoint.Extension;

    /// <summary>
    /// Ends training under the rule: when it says stop, or the budget's <see cref="Epochs"/> are done, puts the best
    /// epoch's weights back into the module and marks the run finished (save it afterwards). Does nothing without a
    /// rule, before the first epoch, when already finished, or when the run may still go on.
    /// </summary>
    /// <returns>True when the weights were replaced by the best epoch's and the run is now finished.</returns>
    public bool FinishTraining()
    {
        if (EarlyStoppingRule is null || FinishedAtBestEpoch is not null || CompletedEpochs == 0 || !(ShouldStop || CompletedEpochs >= Epochs))
        {
            return false;
        }

        using (no_grad())
        {
            foreach (var (name, tensor) in Module.state_dict())
            {
                tensor.copy_(_bestWeights![name]);
            }
        }

        FinishedAtBestEpoch = EarlyStopping.BestEpoch(_validation);
        return true;
    }

    /// <summary>Notes where the rule stands on the report and copies the weights of a new best epoch.</summary>
    private EpochReport AfterEpoch(EpochReport report)
    {
        if (EarlyStoppingRule is not { } rule)
        {
            return report;
        }

        if (EarlyStopping.BestEpoch(_validation) == CompletedEpochs)
        {
            KeepCurrentWeightsAsBest();
        }

        return report with { Note = rule.Describe(_validation) };
    }

    private void ThrowIfFinished()
    {
        if (FinishedAtBestEpoch is { } best)
        {
            throw new InvalidOperationException($"Training of {Entry.Name} finished by early stopping at epoch {CompletedEpochs}, with the best validation at epoch {best}; it is not trained further.");
        }
    }

    /// <summary>While the rule is running, writes the best epoch's weights beside the checkpoint when this epoch is it;
    /// once finished, removes that file (the checkpoint itself now holds them).</summary>
    private void SaveBestWeights(string path, CheckpointMetadata metadata)
    {
        if (EarlyStoppingRule is null)
        {
            return;
        }

        var bestPath = BestWeightsPath(path);
        if (FinishedAtBestEpoch is not null)
        {
            File.Delete(bestPath);
        }
        else if (CompletedEpochs > 0 && EarlyStopping.BestEpoch(_validation) == CompletedEpochs)
        {
            Checkpoint.Save(bestPath, metadata, Module, [], []);
        }
    }

    /// <summary>After a checkpoint was loaded: takes over its finished state, or the best weights of an unfinished run
    /// (the module's own when the last epoch is the best, otherwise those in <see cref="BestWeightsPath"/>).</summary>
    /// <exception cref="CheckpointException">The best epoch's weights are missing or of another epoch.</exception>
    private void RestoreBestWeights(string path, CheckpointMetadata metadata)
    {
        FinishedAtBestEpoch = metadata.BestEpoch;
        DisposeBestWeights();
        if (EarlyStoppingRule is null || FinishedAtBestEpoch is not null || CompletedEpochs == 0)
        {
            return;
        }

        var best = EarlyStopping.BestEpoch(_validation);
        if (best == CompletedEpochs)
        {
            KeepCurrentWeightsAsBest();
            return;
        }

        var bestPath = BestWeightsPath(path);
        if (!File.Exists(bestPath))
        {
            throw new CheckpointException(bestPath, $"the weights of the best validation epoch {best} are missing, so early stopping could not keep them; delete {path} to train afresh.");
        }

        // Load the best weights through the module, keep a copy, and put the last epoch's back.
        KeepCurrentWeightsAsBest();
        var last = _bestWeights!;
        _bestWeights = null;
        try
        {
            var bestMetadata = Checkpoint.Load(bestPath, Entry.Name, OptionsText, Module, [], []);
            if (bestMetadata.Epoch != best)
            {
                throw new CheckpointException(bestPath, $"it holds epoch {bestMetadata.Epoch}, but the best validation epoch of {path} is {best}; delete both to train afresh.");
            }

            KeepCurrentWeightsAsBest();
        }
        finally
        {
            using (no_grad())
            {
                foreach (var (name, tensor) in Module.state_dict())
                {
                    tensor.copy_(last[name]);
                }
            }

            foreach (var tensor in last.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private void KeepCurrentWeightsAsBest()
    {
        DisposeBestWeights();
        using (no_grad())
        {
            _bestWeights = Module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
        }
    }

    private void DisposeBestWeights()
    {
        if (_bestWeights is null)
        {
            return;
        }

        foreach (var tensor in _bestWeights.Values)
        {
            tensor.Dispose();
        }

        _bestWeights = null;
    }
}
