using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>Options of <see cref="Maf"/>.</summary>
/// <param name="Dimensions">D (2 for the toy densities).</param>
/// <param name="Layers">Number of <see cref="GaussianMade"/> layers; the order is reversed between them.</param>
/// <param name="HiddenSizes">Units per hidden layer of each MADE; null means two layers of 64.</param>
/// <param name="MaskSeed">Seed of the hidden degrees; layer k uses MaskSeed + k.</param>
/// <param name="UseActNorm">Put an <see cref="ActNorm"/> before every MADE layer (in place of the paper's batch
/// normalisation between layers; see the remarks of <see cref="Maf"/>).</param>
/// <param name="BaseComponents">0 for the standard normal base; C ≥ 1 for a <see cref="MixtureOfGaussiansMade"/> base with C
/// Gaussians per conditional and the layers' hidden sizes ("MAF MoG" of the paper).</param>
/// <param name="LogScaleBound">B of each layer's soft clamp on its log-scales (<see cref="GaussianMade.LogScaleBound"/>); null for none.</param>
public sealed record MafOptions(
    int Dimensions, int Layers = 5, IReadOnlyList<int>? HiddenSizes = null, ulong MaskSeed = 0, bool UseActNorm = false,
    int BaseComponents = 0, double? LogScaleBound = GaussianMade.DefaultLogScaleBound);

/// <summary>
/// The masked autoregressive flow (Papamakarios, Pavlakou &amp; Murray 2017, NeurIPS): a stack f of Gaussian
/// autoregressive layers (<see cref="GaussianMade"/>), with the variable order reversed between layers so each
/// variable is conditioned on every other somewhere in the stack, onto a standard normal base:
/// <code>log p(x) = log N(f(x); 0, I) + Σ_k log |det J_k| ,   layer k: u_i = (x_i − μ_i(x_{&lt;i})) exp(−α_i(x_{&lt;i}))</code>
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="NormalizingFlow.LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c>, a log-density in nats per example
/// with respect to Lebesgue measure; <c>Sample</c> gives <c>[n, D]</c>.</para>
/// <para>Cost: the density is one MADE pass per layer (fast, what training needs); sampling is D passes per layer,
/// because x_i needs x_{&lt;i}.</para>
/// <para>Relation to IAF (Kingma et al. 2016, "Improving Variational Inference with Inverse Autoregressive
/// Flow"): IAF is the same layer used in the other direction, x_i = u_i exp(α_i(u_{&lt;i})) + μ_i(u_{&lt;i}), with μ, α
/// computed from the <i>noise</i> u. Then sampling (and the density of its own samples) is one pass, but the
/// density of an arbitrary x needs D sequential passes. So MAF suits density estimation and IAF suits fast
/// sampling such as variational posteriors; a MAF trained on data is an IAF from base to data, and vice versa.</para>
/// <para>Base: the standard normal, or with <see cref="MafOptions.BaseComponents"/> = C a MADE whose conditionals are
/// mixtures of C Gaussians (<see cref="MixtureOfGaussiansMade"/>; "MAF MoG" in the paper, which scored 1.52 bits/pixel on
/// dequantized MNIST against 1.89 for MAF(5) with the normal base, §4.3 and appendix). The affine layers alone cannot give
/// one pixel a non-Gaussian shape that does not depend on the other pixels, such as the logit of a uniformly dequantized
/// black pixel, which is exponential rather than bell-shaped; the mixture can.</para>
/// <para>MAF with one layer of Gaussian conditionals is a Gaussian autoregressive model (MADE with Gaussian
/// outputs); the stacking is what makes the conditionals non-Gaussian.</para>
/// <para>Normalisation: the paper inserts batch normalisation between the MADE layers. Batch norm makes one
/// example's density depend on its batch in training (and on running averages at test time); the optional
/// <see cref="MafOptions.UseActNorm"/> uses Glow's ActNorm instead, an affine layer initialised from the first batch
/// that gives the same conditioning with a per-example density. Off by default: the 2-D toys train well without it.</para>
/// </remarks>
public sealed class Maf : NormalizingFlow
{
    /// <param name="options">Sizes and mask seed.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Maf(MafOptions options, torch.Generator? generator = null)
        : base(nameof(Maf), options?.Dimensions ?? 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Layers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BaseComponents);
        Options = options;
        var hidden = options.HiddenSizes ?? [64, 64];
        var layers = new List<FlowLayer>();
        for (var k = 0; k < options.Layers; k++)
        {
            if (k > 0)
            {
                layers.Add(Permutation.Reverse(options.Dimensions));
            }

            if (options.UseActNorm)
            {
                layers.Add(new ActNorm(options.Dimensions));
            }

            layers.Add(new GaussianMade(options.Dimensions, hidden, options.MaskSeed + (ulong)k, generator, options.LogScaleBound));
        }

        UseFlow(layers);
        if (options.BaseComponents > 0)
        {
            UseMixtureBase(new MixtureOfGaussiansMade(
                options.Dimensions, hidden, options.BaseComponents, options.MaskSeed + (ulong)options.Layers, generator, options.LogScaleBound));
        }
    }

    public MafOptions Options { get; }
}
