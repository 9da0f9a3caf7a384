using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// The Wasserstein GAN with gradient penalty, WGAN-GP (Gulrajani et al. 2017, "Improved Training of Wasserstein
/// GANs"; the game is Arjovsky, Chintala &amp; Bottou 2017, "Wasserstein GAN"). By the Kantorovich–Rubinstein duality
/// <code>W₁(p_data, p_g) = sup_{‖f‖_L ≤ 1} E_{x~p_data}[f(x)] − E_{x~p_g}[f(x)],</code>
/// so a critic l (the discriminator's network without its sigmoid) that maximises this difference over 1-Lipschitz
/// functions measures the earth mover's distance, and the generator lowers it by minimising −E_z[l(G(z))].
/// </summary>
/// <remarks>
/// <para>Instead of clipping the critic's weights, Gulrajani et al. ask for the property the optimal critic has —
/// gradient norm 1 almost everywhere between the two distributions — with the penalty
/// <code>λ · E_{x̂}[(‖∇_x̂ l(x̂)‖₂ − 1)²],  x̂ = εx + (1 − ε)x̃,  ε ~ U[0, 1], x ~ p_data, x̃ ~ p_g,</code>
/// with λ = 10, five critic steps per generator step, Adam(lr 1e-4, β₁ = 0, β₂ = 0.9), and no batch normalisation in
/// the critic (the penalty is per example, batch statistics would couple them).</para>
/// <para>Unlike the JS game, W₁ stays informative when the two distributions do not overlap: the critic's gradient
/// points from the samples towards the data however far apart they are, which is why WGANs resist mode collapse.
/// All losses are means over the batch, in the critic's units (not nats).</para>
/// </remarks>
public static class WassersteinLosses
{
    /// <summary>λ of Gulrajani et al.</summary>
    public const double DefaultPenaltyWeight = 10.0;

    /// <summary>
    /// The critic's loss without the penalty, E[l(x̃)] − E[l(x)]: minus the critic's estimate of W₁ (up to the
    /// Lipschitz constant the penalty enforces only softly).
    /// </summary>
    /// <param name="realValues">l(x) of real examples, <c>[batch]</c>.</param>
    /// <param name="fakeValues">l(x̃) of generated examples, <c>[batch']</c>.</param>
    /// <returns>A scalar.</returns>
    public static Tensor Critic(Tensor realValues, Tensor fakeValues)
    {
        using var scope = NewDisposeScope();
        return (fakeValues.mean() - realValues.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>The generator's loss −E_z[l(G(z))], <paramref name="fakeValues"/> <c>[batch]</c>; a scalar.</summary>
    public static Tensor Generator(Tensor fakeValues)
    {
        using var scope = NewDisposeScope();
        return (-fakeValues.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// λ · mean over the batch of (‖∇_x̂ l(x̂)‖₂ − 1)² at random points x̂ on the segments between paired real and
    /// generated examples.
    /// </summary>
    /// <param name="critic">l, mapping examples <c>[batch, ...]</c> to values <c>[batch]</c>.</param>
    /// <param name="real">Real examples <c>[batch, ...]</c>.</param>
    /// <param name="fake">Generated examples of the same shape (detached: the penalty trains the critic only).</param>
    /// <param name="weight">λ.</param>
    /// <param name="generator">Random source of ε.</param>
    /// <returns>A scalar, differentiable in the critic's parameters (the input gradient is built with create_graph, and its graph is kept: TorchSharp, unlike PyTorch, does not retain it by default).</returns>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, double weight = DefaultPenaltyWeight, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        if (!real.shape.SequenceEqual(fake.shape))
        {
            throw new ArgumentException($"Real [{string.Join(", ", real.shape)}] and fake [{string.Join(", ", fake.shape)}] must have one shape: they are paired.", nameof(fake));
        }

        using var scope = NewDisposeScope();
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var epsilon = rand(shape, dtype: real.dtype, device: real.device, generator: generator);                // [batch, 1, …]
        var between = ((epsilon * real.detach()) + ((1 - epsilon) * fake.detach())).requires_grad_(true);     // x̂
        var gradient = autograd.grad([critic(between).sum()], [between], retain_graph: true, create_graph: true)[0];           // [batch, ...]
        var norm = gradient.flatten(1).square().sum(1).add(1e-12).sqrt();                                      // [batch]
        return (weight * (norm - 1).square().mean()).MoveToOuterDisposeScope();
    }
}
