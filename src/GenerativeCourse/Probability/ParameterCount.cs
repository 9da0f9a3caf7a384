using System.Numerics;
using TorchSharp;

namespace GenerativeCourse.Probability;

/// <summary>
/// How many free parameters it takes to write down a distribution over n discrete variables, under
/// each modelling assumption of chapter 01. The numbers explain why generative models factorise: the
/// full table of 784 binary pixels has 2^784 − 1 ≈ 10^236 entries.
/// </summary>
/// <remarks>
/// Counts are exact. The exponential ones are <see cref="BigInteger"/>; convert with <c>(double)</c>
/// for plots (finite up to about 10^308) or use <see cref="BigInteger.Log10"/> to print "10^236".
/// </remarks>
public static class ParameterCount
{
    /// <summary>
    /// A full joint table of n binary variables: 2^n entries, minus one because they sum to 1.
    /// </summary>
    public static BigInteger FullJoint(int n) => Categorical(n, 2);

    /// <summary>
    /// A full joint table of n variables with k values each: k^n − 1.
    /// </summary>
    public static BigInteger Categorical(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return BigInteger.Pow(k, n) - 1;
    }

    /// <summary>
    /// n independent variables with k values each: n (k − 1); for binary variables just n, one
    /// probability per variable (<c>IndependentBernoulli</c>).
    /// </summary>
    public static long Independent(int n, int k = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return (long)n * (k - 1);
    }

    /// <summary>
    /// The chain rule p(x) = Π_d p(x_d | x_&lt;d) with logistic-regression conditionals
    /// p(x_d = 1 | x_&lt;d) = σ(b_d + Σ_{j&lt;d} W_dj x_j) (a fully visible sigmoid belief network,
    /// <c>Fvsbn</c>): conditional d has d − 1 weights and one bias, so Σ_{d=1}^{n} d = n (n + 1) / 2.
    /// For n = 784 that is 307,720.
    /// </summary>
    public static long ChainRuleLogistic(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return (long)n * (n + 1) / 2;
    }

    /// <summary>
    /// NADE (Larochelle &amp; Murray 2011, "The Neural Autoregressive Distribution Estimator", AISTATS):
    /// the D conditionals share one hidden layer, h_d = σ(c + W_{:,&lt;d} x_&lt;d) and
    /// p(x_d = 1 | x_&lt;d) = σ(b_d + V_d · h_d), with W ∈ ℝ^{H×D}, V ∈ ℝ^{D×H}, b ∈ ℝ^D, c ∈ ℝ^H:
    /// 2 H D + D + H parameters, linear in D instead of quadratic.
    /// </summary>
    /// <param name="dimensions">D, the number of binary variables.</param>
    /// <param name="hidden">H, the size of the shared hidden layer.</param>
    public static long Nade(int dimensions, int hidden)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        return (2L * hidden * dimensions) + dimensions + hidden;
    }

    /// <summary>
    /// The number of values stored in a module's parameters (Σ of their element counts). Masked
    /// models store entries they never use, so this can exceed their free-parameter count.
    /// </summary>
    public static long Stored(torch.nn.Module module) => module.parameters().Sum(p => p.numel());
}
