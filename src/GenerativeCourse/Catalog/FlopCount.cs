using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Models.Flows;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// Analytic FLOP counts per example, the estimate behind the "fraction of the matmul peak" of <c>gencourse bench</c>.
/// A multiply-add counts as 2 FLOPs; only matrix products and convolutions are counted (activations, softmax,
/// log-sum-exp and the optimiser are a few per cent of the total for these models and are left out, so the fraction
/// slightly understates the work done).
/// </summary>
/// <remarks>
/// <para>Dense layers: a weight matrix [out, in] costs in·out multiply-adds per example, so a forward pass costs
/// 2 × (the number of weight-matrix entries). This covers MLPs, masked layers (the masks are applied to dense
/// matrices, so the masked-out entries are computed too), FVSBN's masked D×D matrix, and NADE: its O(DH) trick
/// computes every a_d by a running sum over W (D·H multiply-adds) and every output by a dot product with V (D·H),
/// again 2 × (entries of W and V).</para>
/// <para>Training: the backward pass computes gradients with respect to the inputs and to the weights, each as many
/// multiply-adds as the forward pass, so a step costs about 3 × forward (the usual rule; Kaplan et al. 2020).</para>
/// </remarks>
public static class FlopCount
{
    /// <summary>2 × Σ entries of the module's weight matrices (parameters with two dimensions): forward FLOPs per example of a dense model.</summary>
    public static double DenseForward(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return 2.0 * module.parameters().Where(p => p.dim() == 2).Sum(p => (double)p.numel());
    }

    /// <summary>Forward FLOPs of a convolution: 2 × weight entries × the positions where the kernel is applied
    /// (output positions for Conv2d, input positions for ConvTranspose2d).</summary>
    public static double Convolution(long weightEntries, int positions) => 2.0 * weightEntries * positions;

    /// <summary>
    /// Forward FLOPs per image of every <see cref="MaskedConv2d"/> in <paramref name="module"/> (a PixelCNN): each
    /// keeps its <paramref name="height"/> × <paramref name="width"/> size ("same" padding), so a layer costs
    /// 2 · out · in · kh · kw · H · W. The masked taps are multiplied by zero but still computed, so they count.
    /// </summary>
    public static double MaskedConvolutions(nn.Module module, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(module);
        // modules() can list a module once per path to it (a ModuleList's items twice); count each once.
        return module.modules().OfType<MaskedConv2d>().Distinct(ReferenceEqualityComparer.Instance).Cast<MaskedConv2d>()
            .Sum(conv => Convolution(conv.Weight.numel(), height * width));
    }

    /// <summary>
    /// Forward FLOPs per image of the convolutions inside every <see cref="ConvAffineCoupling"/> of
    /// <paramref name="module"/> (a convolutional RealNVP): each convolution keeps its coupling's H × W ("same" padding),
    /// so it costs 2 · weight entries · H · W.
    /// </summary>
    public static double CouplingConvolutions(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.modules().OfType<ConvAffineCoupling>().Distinct(ReferenceEqualityComparer.Instance).Cast<ConvAffineCoupling>()
            .Sum(coupling => coupling.modules().OfType<Conv2d>().Distinct(ReferenceEqualityComparer.Instance).Cast<Conv2d>()
                .Sum(conv => Convolution(conv.weight!.numel(), coupling.Shape.Height * coupling.Shape.Width)));
    }

    /// <summary>
    /// One example of a CD-k update of an RBM with V visible and H hidden units, counted in V·H multiply-adds: the
    /// reconstruction error (p(h|v), p(v|h): 2), k Gibbs steps (2 each), the positive and negative statistics
    /// (p(h|v) and the outer product p(h|v) vᵀ for each: 4). Total 2 · (2k + 6) · V · H FLOPs; no backward pass.
    /// </summary>
    public static double ContrastiveDivergence(Rbm rbm, int steps)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        return 2.0 * ((2 * steps) + 6) * rbm.Visible * rbm.Hidden;
    }

    /// <summary>Forward plus backward: 3 × forward.</summary>
    public static double Training(double forward) => 3 * forward;

    /// <summary>
    /// One GAN example, with k = 1: the discriminator step generates a fake without gradients (1 × G) and trains D on
    /// a real and a fake (2 × 3 × D); the generator step trains through D (3 × G + 3 × D). Total 4 G + 9 D.
    /// </summary>
    public static double Adversarial(double generatorForward, double discriminatorForward) =>
        (4 * generatorForward) + (9 * discriminatorForward);
}
