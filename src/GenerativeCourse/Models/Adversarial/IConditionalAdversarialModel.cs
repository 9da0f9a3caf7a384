using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>
/// What <see cref="Training.AdversarialTrainer"/> needs of a label-conditioned GAN: both players take the class label
/// y as a second input (int64 <c>[batch]</c> in 0…Classes−1).
/// </summary>
public interface IConditionalAdversarialModel
{
    /// <summary>Number of classes.</summary>
    int Classes { get; }

    /// <summary>The generator's objective.</summary>
    GeneratorLoss GeneratorLoss { get; }

    /// <summary>z ~ p(z), <c>[n, latent]</c>.</summary>
    Tensor SampleLatent(int n, Generator? generator = null);

    /// <summary>G(z, y).</summary>
    Tensor Generate(Tensor z, Tensor labels);

    /// <summary>Logits l(x, y) <c>[batch]</c> of D(x, y) = σ(l(x, y)), the probability that (x, y) is a real pair.</summary>
    Tensor Discriminate(Tensor x, Tensor labels);

    /// <summary>The generator's parameters.</summary>
    IEnumerable<Parameter> GeneratorParameters();

    /// <summary>The discriminator's parameters.</summary>
    IEnumerable<Parameter> DiscriminatorParameters();
}
