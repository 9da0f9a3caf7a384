using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// Sampling with a trained denoiser: the Markov chain of generative stochastic networks (Bengio, Yao, Alain &amp;
/// Vincent 2013, "Generalized Denoising Auto-Encoders as Generative Models"; Bengio, Thibodeau-Laufer, Alain &amp;
/// Yosinski 2014, "Deep Generative Stochastic Networks Trainable by Backprop", ICML) that alternates corruption and
/// reconstruction,
/// <code>x̃_t ~ C(x̃ | x_t),   x_{t+1} ~ P_θ(x | x̃_t).</code>
/// When P_θ(x | x̃) is the true posterior P(x | x̃) ∝ P(x) C(x̃ | x), the chain leaves the data distribution P(x)
/// invariant (its pairs (x_t, x̃_t) have the joint P(x) C(x̃ | x)), so, if it is ergodic, x_t is a sample of the data
/// distribution after burn-in: the denoiser defines the generative model implicitly, without a density.
/// </summary>
/// <remarks>Shapes: states <c>[batch, D]</c>; a run returns <c>[steps + 1, batch, D]</c>, x_0 first.</remarks>
public static class GsnChain
{
    /// <summary>Runs the chain of a <see cref="DenoisingAutoencoder"/> (binary states: Bernoulli reconstructions).</summary>
    /// <param name="model">The denoiser.</param>
    /// <param name="start">x_0, <c>[batch, D]</c> (a noise image or a digit).</param>
    /// <param name="steps">Number of transitions.</param>
    /// <param name="generator">Random source of the corruptions and reconstructions.</param>
    public static Tensor Run(DenoisingAutoencoder model, Tensor start, int steps, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Run(x => model.Corrupt(x, generator), x => model.SampleReconstruction(x, generator), start, steps);
    }

    /// <summary>Runs the chain for any corruption and reconstruction sampler, without gradients.</summary>
    /// <param name="corrupt">x ↦ a draw of C(x̃ | x).</param>
    /// <param name="reconstruct">x̃ ↦ a draw of P(x | x̃).</param>
    /// <param name="start">x_0, <c>[batch, D]</c>.</param>
    /// <param name="steps">Number of transitions.</param>
    public static Tensor Run(Func<Tensor, Tensor> corrupt, Func<Tensor, Tensor> reconstruct, Tensor start, int steps)
    {
        ArgumentNullException.ThrowIfNull(corrupt);
        ArgumentNullException.ThrowIfNull(reconstruct);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { start.clone() };
        for (var t = 0; t < steps; t++)
        {
            using var stepScope = NewDisposeScope();
            states.Add(reconstruct(corrupt(states[^1])).MoveToOuterDisposeScope());
        }

        return stack(states).MoveToOuterDisposeScope();                                     // [steps + 1, batch, D]
    }
}
