using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// Settings of a <see cref="Trainer"/>. Only <see cref="Epochs"/> and <see cref="LearningRate"/> usually
/// change between notebooks; the defaults are those of Adam (Kingma &amp; Ba 2015).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs that one call of <see cref="Trainer.Fit"/> runs (<see cref="Trainer.RunEpoch"/> always runs one).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Step size of the default Adam optimiser (ignored when <see cref="CreateOptimizer"/> is set).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Rescale the gradient of each step so that its Euclidean norm (over all parameters together) is at
    /// most this value; null leaves gradients as they are. Clipping keeps one unlucky batch from throwing
    /// the parameters far away.
    /// </summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>
    /// Builds the optimiser from the model's parameters, for anything other than Adam with
    /// <see cref="LearningRate"/> (for example <c>p => optim.SGD(p, 0.1)</c>, or Adam with β₁ = 0.5 for a GAN).
    /// </summary>
    public Func<IEnumerable<Parameter>, optim.Optimizer>? CreateOptimizer { get; init; }

    /// <summary>
    /// Called after each epoch with the epoch number; returns a number to record, typically the
    /// validation loss in the same units as the training loss. Runs in evaluation mode without gradients.
    /// </summary>
    public Func<int, double>? Validation { get; init; }

    /// <summary>Called after each epoch with its report, for printing or live plots.</summary>
    public Action<EpochReport>? Progress { get; init; }

    /// <summary>Called after every optimiser step, for a progress bar; keep it cheap.</summary>
    public Action<StepReport>? StepProgress { get; init; }
}
