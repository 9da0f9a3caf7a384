using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// The one training loop of the course: minimise a loss by gradient steps over batches, one epoch after
/// another. A model brings its loss as a function of a batch — −mean log p(x) for a density model,
/// −mean ELBO for a VAE — and any batch source that yields tensors.
/// </summary>
/// <remarks>
/// <para>Each step: zero the gradients, compute the loss, stop with <see cref="NonFiniteLossException"/>
/// if it is NaN or infinite, back-propagate, measure (and optionally clip) the gradient norm, step the
/// optimiser. Every step runs in its own dispose scope, so the tensors of the forward and backward pass are
/// freed at once instead of waiting for the garbage collector; memory stays flat over epochs.</para>
/// <para>Tensors the batch source creates while an epoch runs (a shuffled copy, a freshly binarised batch)
/// are freed at the end of the step that used them, or at the end of the epoch for anything the source kept
/// for itself. Tensors that existed before the epoch (the data set) are never touched. So a source may
/// yield a tensor it created during the epoch only once.</para>
/// <para>The trainer draws no random numbers. Runs are reproducible when the batch source shuffles with its
/// own seeded <see cref="torch.Generator"/> and the model is initialised the same way.</para>
/// <para>Two ways to drive it. <see cref="Fit"/> runs <see cref="TrainerOptions.Epochs"/> epochs with the loss given
/// to the constructor. <see cref="RunEpoch"/> runs exactly one epoch and may bring that epoch's own loss (one that
/// depends on the epoch's noise generator or on the step number); a caller that decides after every epoch whether to
/// go on (a checkpoint, early stopping) loops over it. <see cref="Fit"/> is that loop, so n epochs of either give the
/// same parameters bit for bit.</para>
/// <para>The optimiser is created with the trainer and kept across calls, so calling <see cref="Fit"/> or
/// <see cref="RunEpoch"/> again continues training (epoch numbers continue too). Create the trainer outside any
/// dispose scope: the optimiser's state tensors must live as long as it does.</para>
/// <para>Resuming from a checkpoint: load the model's and the <see cref="Optimizer"/>'s state, then
/// <see cref="RestoreCompletedEpochs"/>; the next epoch is the following one, and a batch source whose epoch k
/// depends only on (seed, k) replays the interrupted run exactly.</para>
/// <para>Cancellation: the token is checked before every step and <see cref="OperationCanceledException"/> thrown;
/// the epoch in progress is abandoned and not recorded (its steps have changed the parameters, so the last state
/// worth saving is the one after the previous epoch).</para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module _model;
    private readonly Func<Tensor, Tensor>? _loss;
    private readonly optim.Optimizer _optimizer;
    private int _restoredEpochs;

    /// <param name="model">The module whose parameters are trained; switched to training mode for steps
    /// and evaluation mode for validation.</param>
    /// <param name="loss">Scalar loss of one batch, to be minimised; its value is averaged per example in the
    /// history, so return a mean over the batch. Null when every <see cref="RunEpoch"/> brings its own.</param>
    /// <param name="options">Epochs, learning rate, clipping and callbacks; defaults when null.</param>
    public Trainer(nn.Module model, Func<Tensor, Tensor>? loss, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new TrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.Epochs, nameof(TrainerOptions.Epochs));
        if (Options.MaxGradientNorm is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxGradientNorm, "MaxGradientNorm must be positive.");
        }

        _model = model;
        _loss = loss;
        _optimizer = Options.CreateOptimizer?.Invoke(model.parameters()) ?? optim.Adam(model.parameters(), Options.LearningRate);
    }

    public TrainerOptions Options { get; }

    /// <summary>Every epoch run so far, over all <see cref="Fit"/> and <see cref="RunEpoch"/> calls (not those before a restore).</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>The optimiser, whose state (Adam's moments and step count) a checkpoint saves.</summary>
    public optim.Optimizer Optimizer => _optimizer;

    /// <summary>Epochs finished, including those before <see cref="RestoreCompletedEpochs"/>.</summary>
    public int CompletedEpochs => _restoredEpochs + History.Epochs.Count;

    /// <summary>
    /// Declares that <paramref name="epochs"/> epochs were run before this trainer existed (their state restored
    /// from a checkpoint), so the next epoch is numbered <paramref name="epochs"/> + 1.
    /// </summary>
    /// <exception cref="InvalidOperationException">This trainer has already run epochs.</exception>
    public void RestoreCompletedEpochs(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        if (History.Epochs.Count > 0)
        {
            throw new InvalidOperationException("Restore the completed epochs before the first epoch, not after.");
        }

        _restoredEpochs = epochs;
    }

    /// <summary>
    /// Runs <see cref="TrainerOptions.Epochs"/> epochs with the constructor's loss: <see cref="RunEpoch"/> that many times.
    /// </summary>
    /// <param name="batchesForEpoch">Given the epoch number (from 1), the batches of that epoch; each batch
    /// is a tensor whose first dimension counts examples. Called once per epoch, so it can reshuffle.</param>
    /// <param name="cancellation">Checked before every step; see the remarks.</param>
    /// <returns><see cref="History"/>, including earlier calls.</returns>
    /// <exception cref="InvalidOperationException">The trainer was made without a loss.</exception>
    /// <exception cref="NonFiniteLossException">A loss or gradient norm was NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the epoch in progress is not in the history.</exception>
    public TrainingHistory Fit(Func<int, IEnumerable<Tensor>> batchesForEpoch, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(batchesForEpoch);
        if (_loss is null)
        {
            throw new InvalidOperationException("This trainer was made without a loss: pass each epoch's loss to RunEpoch.");
        }

        for (var i = 0; i < Options.Epochs; i++)
        {
            RunEpoch(batchesForEpoch(CompletedEpochs + 1), cancellation: cancellation);
        }

        return History;
    }

    /// <summary>
    /// Runs one epoch, number <see cref="CompletedEpochs"/> + 1: one optimiser step per batch of
    /// <paramref name="batches"/> (zero the gradients, loss, NaN check, backward, clip, step), then
    /// <see cref="TrainerOptions.Validation"/> if set. The report is added to <see cref="History"/> and passed to
    /// <see cref="TrainerOptions.Progress"/> before it is returned.
    /// </summary>
    /// <param name="batches">The epoch's batches, each a tensor whose first dimension counts examples; an epoch is
    /// exactly the batches this sequence yields.</param>
    /// <param name="loss">This epoch's scalar loss of a batch (a mean over it); null uses the constructor's. A loss that
    /// needs the epoch's noise generator or the step number closes over them here.</param>
    /// <param name="stepProgress">After every step; null uses <see cref="TrainerOptions.StepProgress"/>.</param>
    /// <param name="cancellation">Checked before every step; see the remarks.</param>
    /// <returns>The epoch's <see cref="EpochReport"/>: steps, examples, the batch-size-weighted mean training loss in the
    /// loss's units (nats per example for a density model), the mean gradient norm before clipping, the validation
    /// value, and the wall time of the steps.</returns>
    /// <exception cref="InvalidOperationException">No loss here and none given to the constructor.</exception>
    /// <exception cref="NonFiniteLossException">A loss or gradient norm was NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the epoch is not in the history.</exception>
    public EpochReport RunEpoch(
        IEnumerable<Tensor> batches,
        Func<Tensor, Tensor>? loss = null,
        Action<StepReport>? stepProgress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        loss ??= _loss ?? throw new InvalidOperationException("This trainer was made without a loss: pass the epoch's loss.");
        stepProgress ??= Options.StepProgress;
        var report = TrainOneEpoch(CompletedEpochs + 1, batches, loss, stepProgress, cancellation);
        History.Add(report);
        Options.Progress?.Invoke(report);
        return report;
    }

    /// <summary>Throws unless <paramref name="epoch"/> is the one <see cref="RunEpoch"/> would run next,
    /// <see cref="CompletedEpochs"/> + 1: a caller that numbers epochs itself (a catalogue run) stays in step with it.</summary>
    /// <exception cref="InvalidOperationException">The numbers differ.</exception>
    public void RequireNextEpoch(int epoch)
    {
        if (epoch != CompletedEpochs + 1)
        {
            throw new InvalidOperationException($"The trainer is at epoch {CompletedEpochs + 1}, the run at epoch {epoch}.");
        }
    }

    public void Dispose() => _optimizer.Dispose();

    private EpochReport TrainOneEpoch(int epoch, IEnumerable<Tensor> batches, Func<Tensor, Tensor> loss, Action<StepReport>? stepProgress, CancellationToken cancellation)
    {
        _model.train();
        var clock = Stopwatch.StartNew();
        int steps = 0;
        long examples = 0;
        double lossSum = 0, gradientNormSum = 0;

        // Owns what the batch source allocates during this epoch; the source's enumerator runs outside the
        // step scopes so that its own state (a permutation, say) survives from one step to the next.
        using (var epochScope = NewDisposeScope())
        {
            foreach (var batch in batches)
            {
                cancellation.ThrowIfCancellationRequested();
                steps++;
                var size = batch.shape.Length == 0 ? 1 : batch.shape[0];
                var (value, gradientNorm) = Step(epoch, steps, batch, loss);
                lossSum += value * size;
                gradientNormSum += gradientNorm;
                examples += size;
                stepProgress?.Invoke(new StepReport(epoch, steps, examples, value, clock.Elapsed));
                if (epochScope.Contains(batch))
                {
                    batch.Dispose();
                }
            }
        }

        clock.Stop();
        double? validation = Options.Validation is null ? null : Validate(epoch);
        return new EpochReport(
            epoch,
            steps,
            examples,
            examples > 0 ? lossSum / examples : double.NaN,
            steps > 0 ? gradientNormSum / steps : double.NaN,
            validation,
            clock.Elapsed);
    }

    private (double Loss, double GradientNorm) Step(int epoch, int step, Tensor batch, Func<Tensor, Tensor> lossOfBatch)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var loss = lossOfBatch(batch);
        var value = loss.to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value))
        {
            throw new NonFiniteLossException(epoch, step, value);
        }

        loss.backward();
        // With no clipping the limit is +∞, which leaves the gradient unchanged but still reports its norm.
        var gradientNorm = nn.utils.clip_grad_norm_(_model.parameters(), Options.MaxGradientNorm ?? double.PositiveInfinity);
        if (!double.IsFinite(gradientNorm))
        {
            throw new NonFiniteLossException(epoch, step, value, gradientNorm);
        }

        _optimizer.step();
        return (value, gradientNorm);
    }

    private double Validate(int epoch)
    {
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return Options.Validation!(epoch);
        }
        finally
        {
            _model.train();
        }
    }
}
