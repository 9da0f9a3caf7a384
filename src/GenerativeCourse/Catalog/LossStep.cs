using TorchSharp;

namespace GenerativeCourse.Catalog;

/// <summary>
/// What a <see cref="LossRun"/>'s loss may depend on besides the batch: the source of its noise and, while
/// training, the number of the step.
/// </summary>
/// <param name="Noise">The epoch's generator while training, a fixed-seed one in validation: the source of any noise
/// the loss needs (a VAE's ε, a flow's dequantization).</param>
/// <param name="Step">The training step counted from 1 over the whole run, (epoch − 1) · steps per epoch + step in the
/// epoch, so a schedule such as a KL warm-up continues where a resumed run stopped; null in validation, where a loss
/// with a schedule reports the objective it ends at (the −ELBO, not the warm-up's weighted loss).</param>
public readonly record struct LossStep(torch.Generator Noise, long? Step);
