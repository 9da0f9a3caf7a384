using TorchSharp;
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

    /// <summary>Forward plus backward: 3 × forward.</summary>
    public static double Training(double forward) => 3 * forward;

    /// <summary>
    /// One GAN example, with k = 1: the discriminator step generates a fake without gradients (1 × G) and trains D on
    /// a real and a fake (2 × 3 × D); the generator step trains through D (3 × G + 3 × D). Total 4 G + 9 D.
    /// </summary>
    public static double Adversarial(double generatorForward, double discriminatorForward) =>
        (4 * generatorForward) + (9 * discriminatorForward);
}
