using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The logit pre-processing of RealNVP for data in [0, 1] (Dinh, Sohl-Dickstein &amp; Bengio 2017, §4.1): squeeze
/// away from the edges, then map to ℝ,
/// <code>y = α + (1 − 2α) x,   w = logit(y) = log y − log(1 − y),   log |det ∂w/∂x| = Σ_d [log(1 − 2α) − log y_d − log(1 − y_d)]</code>
/// so a flow on w gives a density on x by the change of variables like any other layer.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>[batch, D]</c> → (<c>[batch, D]</c>, <c>[batch]</c> nats). Inputs must lie in [0, 1]; the
/// squeeze α (0.05 in the paper, 10⁻⁶ for MNIST in MAF's) keeps w finite at 0 and 1, where the logit would be ±∞.</para>
/// <para>The log-determinant is written with softplus, log y + log(1 − y) = −softplus(−w) − softplus(w), which stays
/// accurate when y is close to 0 or 1.</para>
/// </remarks>
public sealed class LogitTransform : FlowLayer
{
    /// <summary>The squeeze α of RealNVP's experiments on natural images (Dinh et al. 2017, §4.1).</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>
    /// The squeeze α of MAF's MNIST experiments (Papamakarios, Pavlakou &amp; Murray 2017). On digits it matters: with
    /// α = 0.05 the dequantized background pixels, 80 % of all, fill a sliver of logit space 0.07 wide, a box a
    /// flow must turn into a Gaussian; with α = 10⁻⁶ they spread over (−13.8, −5.5) with a smooth density ∝ e^w, and a
    /// convolutional RealNVP learns much faster. The bits/dim stay comparable: the transform's log |det| is part of them.
    /// </summary>
    public const double MnistAlpha = 1e-6;

    /// <param name="dimensions">D.</param>
    /// <param name="alpha">α in [0, ½): the squeeze.</param>
    public LogitTransform(int dimensions, double alpha = DefaultAlpha)
        : base(nameof(LogitTransform))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (alpha is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must lie in [0, ½).");
        }

        Dimensions = dimensions;
        Alpha = alpha;
    }

    public int Dimensions { get; }

    public double Alpha { get; }

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var y = Alpha + ((1 - (2 * Alpha)) * x);
        var w = y.log() - (1 - y).log();                                    // [batch, D]
        var logDet = (nn.functional.softplus(-w) + nn.functional.softplus(w)).sum(dim: 1) + (Dimensions * Math.Log(1 - (2 * Alpha)));
        return (w.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        return ((z.sigmoid() - Alpha) / (1 - (2 * Alpha))).MoveToOuterDisposeScope();
    }
}
