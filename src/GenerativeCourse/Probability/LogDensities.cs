using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// Log-densities (continuous) and log-probabilities (discrete) of the distributions every later
/// chapter builds on, written in the numerically stable forms. All results are in <b>nats</b>
/// (natural logarithms).
/// </summary>
/// <remarks>
/// Shapes: the first dimension of <c>x</c> is the batch; every other dimension is an event dimension
/// whose log-densities are summed (the dimensions are modelled as independent given the parameters).
/// Parameters broadcast against <c>x</c>, so a <c>[D]</c> vector of logits serves a <c>[batch, D]</c>
/// batch. The result has shape <c>[batch]</c>. A one-dimensional <c>x</c> has no event dimensions and
/// gives element-wise values.
/// </remarks>
public static class LogDensities
{
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    /// <summary>
    /// log p(x) for independent Bernoulli variables with success logits l (p = σ(l)), in nats per example.
    /// </summary>
    /// <remarks>
    /// The textbook form x log σ(l) + (1 − x) log(1 − σ(l)) takes the log of a number that rounds to 0
    /// once |l| is larger than about 17 (float32) and gives −∞ or NaN. Using log σ(l) = l − softplus(l)
    /// and log(1 − σ(l)) = −softplus(l), it becomes x·l − softplus(l), which is finite for every finite l.
    /// This is exactly minus <c>binary_cross_entropy_with_logits</c>. TorchSharp's softplus returns l itself
    /// when l &gt; 20, an error below e^−20 ≈ 2·10^−9 nats per dimension.
    /// </remarks>
    /// <param name="logits">Logits l of p(x_d = 1); broadcast against <paramref name="x"/>.</param>
    /// <param name="x">Binary values (0 or 1) as a floating tensor, <c>[batch, ...]</c>.</param>
    /// <returns>log p(x) in nats, <c>[batch]</c>.</returns>
    public static Tensor BernoulliLogProb(Tensor logits, Tensor x)
    {
        using var scope = NewDisposeScope();
        var elementwise = x * logits - nn.functional.softplus(logits);
        return SumOverEventDimensions(elementwise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log N(x; μ, diag(σ²)) for a Gaussian with diagonal covariance, in nats per example:
    /// −½ Σ_d [log 2π + log σ_d² + (x_d − μ_d)² / σ_d²].
    /// </summary>
    /// <remarks>
    /// The variance enters as its logarithm, the output of an unconstrained network layer; exp(−log σ²)
    /// replaces a division by a variance that could underflow to 0.
    /// </remarks>
    /// <param name="x">Points, <c>[batch, ...]</c>.</param>
    /// <param name="mean">μ, broadcast against <paramref name="x"/>.</param>
    /// <param name="logVariance">log σ², broadcast against <paramref name="x"/>.</param>
    /// <returns>log-density in nats, <c>[batch]</c>.</returns>
    public static Tensor GaussianLogProb(Tensor x, Tensor mean, Tensor logVariance)
    {
        using var scope = NewDisposeScope();
        var squared = (x - mean).square() * (-logVariance).exp();
        var elementwise = -0.5 * (squared + logVariance + Log2Pi);
        return SumOverEventDimensions(elementwise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log-density of the logistic distribution with location μ and scale s, in nats per example:
    /// with z = (x − μ)/s, log p(x) = −z − log s − 2 softplus(−z).
    /// </summary>
    /// <remarks>
    /// The density is σ(z)(1 − σ(z))/s, the derivative of the sigmoid CDF. Written with softplus it never
    /// evaluates e^z for large z, so it is finite far in both tails. Flows use it as a base distribution
    /// (NICE) and PixelCNN++ discretises it.
    /// </remarks>
    /// <param name="x">Points, <c>[batch, ...]</c>.</param>
    /// <param name="location">μ, broadcast against <paramref name="x"/>.</param>
    /// <param name="logScale">log s, broadcast against <paramref name="x"/>.</param>
    /// <returns>log-density in nats, <c>[batch]</c>.</returns>
    public static Tensor LogisticLogProb(Tensor x, Tensor location, Tensor logScale)
    {
        using var scope = NewDisposeScope();
        var z = (x - location) * (-logScale).exp();
        var elementwise = -z - logScale - 2 * nn.functional.softplus(-z);
        return SumOverEventDimensions(elementwise).MoveToOuterDisposeScope();
    }

    /// <summary>Sums every dimension except the first (the batch); a 1-D tensor is returned unchanged.</summary>
    internal static Tensor SumOverEventDimensions(Tensor elementwise) =>
        elementwise.dim() <= 1 ? elementwise.alias() : elementwise.flatten(1).sum(1);
}
