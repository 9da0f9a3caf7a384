using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// What <see cref="Training.AdversarialTrainer"/> needs of a GAN: the two players, their parameters, and the
/// noise the generator starts from.
/// </summary>
public interface IAdversarialModel
{
    /// <summary>The generator's objective.</summary>
    GeneratorLoss GeneratorLoss { get; }

    /// <summary>z ~ p(z), <c>[n, latent]</c>, on the model's device and in its dtype.</summary>
    Tensor SampleLatent(int n, Generator? generator = null);

    /// <summary>G(z): generated examples, shaped like real ones.</summary>
    Tensor Generate(Tensor z);

    /// <summary>The discriminator's logits l(x), <c>[batch]</c>; D(x) = σ(l(x)) is the probability that x is real.</summary>
    Tensor Discriminate(Tensor x);

    /// <summary>The generator's parameters θ_g.</summary>
    IEnumerable<Parameter> GeneratorParameters();

    /// <summary>The discriminator's parameters θ_d.</summary>
    IEnumerable<Parameter> DiscriminatorParameters();
}
