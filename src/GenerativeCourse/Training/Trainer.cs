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
/// <para>The optimiser is created with the trainer and kept across <see cref="Fit"/> calls, so calling
/// <see cref="Fit"/> again continues training (epoch numbers continue too). Create the trainer outside any
/// dispose scope: the optimiser's state tensors must live as long as it does.</para>
/// <para>Resuming from a checkpoint: load the model's and the <see cref="Optimizer"/>'s state, then
/// <see cref="RestoreCompletedEpochs"/>; the next <see cref="Fit"/> starts at the following epoch, and a batch
/// source whose epoch k depends only on (seed, k) replays the interrupted run exactly.</para>
/// <para>Cancellation: <see cref="Fit"/> checks its token before every step and throws
/// <see cref="OperationCanceledException"/>; the epoch in progress is abandoned (its steps have changed the
/// parameters, so the last state worth saving is the one after the previous epoch).</para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module _model;
    private readonly Func<Tensor, Tensor> _loss;
    private readonly optim.Optimizer _optimizer;
    private int _restoredEpochs;

    /// <param name="model">The module whose parameters are trained; switched to training mode for steps
    /// and evaluation mode for validation.</param>
    /// <param name="loss">Scalar loss of one batch, to be minimised; its value is averaged per example in the
    /// history, so return a mean over the batch.</param>
    /// <param name="options">Epochs, learning rate, clipping and callbacks; defaults when null.</param>
    public Trainer(nn.Module model, Func<Tensor, Tensor> loss, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
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

    /// <summary>Every epoch run so far, over all <see cref="Fit"/> calls (not those before a restore).</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>The optimiser, whose state (Adam's moments and step count) a checkpoint saves.</summary>
    public optim.Optimizer Optimizer => _optimizer;

    /// <summary>Epochs finished, including those before <see cref="RestoreCompletedEpochs"/>.</summary>
    public int CompletedEpochs => _restoredEpochs + History.Epochs.Count;

    /// <summary>
    /// Declares that <paramref name="epochs"/> epochs were run before this trainer existed (their state restored
    /// from a checkpoint), so the next <see cref="Fit"/> numbers its first epoch <paramref name="epochs"/> + 1.
    /// </summary>
    /// <exception cref="InvalidOperationException">This trainer has already run epochs.</exception>
    public void RestoreCompletedEpochs(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        if (History.Epochs.Count > 0)
        {
            throw new InvalidOperationException("Restore the completed epochs before the first Fit, not after.");
        }

        _restoredEpochs = epochs;
    }

    /// <summary>
    /// Runs <see cref="TrainerOptions.Epochs"/> epochs.
    /// </summary>
    /// <param name="batchesForEpoch">Given the epoch number (from 1), the batches of that epoch; each batch
    /// is a tensor whose first dimension counts examples. Called once per epoch, so it can reshuffle.</param>
    /// <param name="cancellation">Checked before every step; see the remarks.</param>
    /// <returns><see cref="History"/>, including earlier calls.</returns>
    /// <exception cref="NonFiniteLossException">A loss or gradient norm was NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the epoch in progress is not in the history.</exception>
    public TrainingHistory Fit(Func<int, IEnumerable<Tensor>> batchesForEpoch, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(batchesForEpoch);
        var first = CompletedEpochs + 1;
        for (var epoch = first; epoch < first + Options.Epochs; epoch++)
        {
            var report = RunEpoch(epoch, batchesForEpoch(epoch), cancellation);
            History.Add(report);
            Options.Progress?.Invoke(report);
        }

        return History;
    }

    public void Dispose() => _optimizer.Dispose();

    private EpochReport RunEpoch(int epoch, IEnumerable<Tensor> batches, CancellationToken cancellation)
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
                var (loss, gradientNorm) = Step(epoch, steps, batch);
                lossSum += loss * size;
                gradientNormSum += gradientNorm;
                examples += size;
                Options.StepProgress?.Invoke(new StepReport(epoch, steps, examples, loss, clock.Elapsed));
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

    private (double Loss, double GradientNorm) Step(int epoch, int step, Tensor batch)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var loss = _loss(batch);
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
