using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// The generator objectives of Goodfellow et al. (2014), section 3, and the Wasserstein game of Arjovsky et al. (2017)
/// in its gradient-penalty form (Gulrajani et al. 2017), which changes the discriminator's loss as well.
/// </summary>
public enum GeneratorLoss
{
    /// <summary>
    /// The minimax (saturating) loss: the generator minimises E_z[log(1 − D(G(z)))], its side of the value
    /// function V(D, G). Early in training D rejects fakes confidently, D(G(z)) ≈ 0, and the gradient vanishes.
    /// </summary>
    Minimax,

    /// <summary>
    /// The non-saturating loss: the generator maximises E_z[log D(G(z))], i.e. minimises −E_z[log D(G(z))]. Same
    /// fixed point as the minimax game, but strong gradients when D(G(z)) is small — the paper's practical choice.
    /// </summary>
    NonSaturating,

    /// <summary>
    /// WGAN-GP (<see cref="WassersteinLosses"/>): the discriminator becomes a critic with unbounded values l(x), trained
    /// on E_z[l(G(z))] − E_x[l(x)] plus the gradient penalty, and the generator minimises −E_z[l(G(z))]. The critic's
    /// values are not logits; σ(l) means nothing.
    /// </summary>
    Wasserstein,
}

/// <summary>
/// The losses of the GAN game written on discriminator logits l (D = σ(l)), in nats per example (means over the
/// batch). Every log D is computed as −softplus(−l) and every log(1 − D) as −softplus(l), which never takes the log
/// of a sigmoid that has rounded to 0 or 1.
/// </summary>
public static class GanLosses
{
    /// <summary>
    /// −V(D, G) for the discriminator: −E_x[log D(x)] − E_z[log(1 − D(G(z)))], the binary cross-entropy of
    /// real (label 1) against fake (label 0). At the optimum over D it equals log 4 − 2·JS(p_data ‖ p_g).
    /// </summary>
    /// <param name="realLogits">Logits of real examples, <c>[batch]</c>.</param>
    /// <param name="fakeLogits">Logits of generated examples, <c>[batch']</c>.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits)
    {
        using var scope = NewDisposeScope();
        var loss = nn.functional.softplus(-realLogits).mean() + nn.functional.softplus(fakeLogits).mean();
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The generator's loss on the logits of its samples: E_z[log(1 − D(G(z)))] for
    /// <see cref="GeneratorLoss.Minimax"/> (≤ 0), −E_z[log D(G(z))] for <see cref="GeneratorLoss.NonSaturating"/> (≥ 0),
    /// −E_z[l(G(z))] on critic values for <see cref="GeneratorLoss.Wasserstein"/>.
    /// </summary>
    /// <param name="fakeLogits">Logits of generated examples, <c>[batch]</c>.</param>
    /// <param name="loss">Which objective.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Generator(Tensor fakeLogits, GeneratorLoss loss)
    {
        using var scope = NewDisposeScope();
        var value = loss switch
        {
            GeneratorLoss.Minimax => -nn.functional.softplus(fakeLogits).mean(),
            GeneratorLoss.NonSaturating => nn.functional.softplus(-fakeLogits).mean(),
            GeneratorLoss.Wasserstein => WassersteinLosses.Generator(fakeLogits),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown generator loss."),
        };
        return value.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The R1 gradient penalty of Mescheder, Geiger &amp; Nowozin (2018, "Which Training Methods for GANs do actually
    /// Converge?"): (γ/2)·E_x[‖∇_x l(x)‖²] over real examples, added to the discriminator's loss. It stops D from
    /// growing steep around the data, which damps the oscillation of the game and makes it converge locally.
    /// </summary>
    /// <param name="realLogits">l(x) of <paramref name="real"/>, <c>[batch]</c>, computed from that very tensor.</param>
    /// <param name="real">The real batch, created with <c>requires_grad</c> before the discriminator saw it.</param>
    /// <param name="weight">γ.</param>
    /// <returns>A scalar, differentiable in the discriminator's parameters (the gradient is built with create_graph, and the graph of <paramref name="realLogits"/> is kept for the loss it is added to).</returns>
    public static Tensor R1Penalty(Tensor realLogits, Tensor real, double weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        using var scope = NewDisposeScope();
        var gradient = autograd.grad([realLogits.sum()], [real], retain_graph: true, create_graph: true)[0];   // [batch, ...]
        var penalty = (weight / 2) * gradient.square().flatten(1).sum(1).mean();
        return penalty.MoveToOuterDisposeScope();
    }
}
