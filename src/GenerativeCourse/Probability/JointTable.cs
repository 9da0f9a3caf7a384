using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// The rules of probability on small discrete joint distributions, stored as plain tensors: a joint of
/// n variables is a tensor with n dimensions whose entry <c>[a, b, c]</c> is p(A = a, B = b, C = c).
/// Variables are named by their dimension index. Entries are non-negative and sum to 1.
/// </summary>
/// <remarks>
/// A full table is exactly what the chain rule and the later models avoid: n binary variables need 2^n
/// entries (<see cref="ParameterCount.FullJoint"/>). These helpers are for the handful of variables of
/// chapter 01, where everything can be checked by hand. Use float64 when comparing tables exactly.
/// </remarks>
public static class JointTable
{
    /// <summary>Divides non-negative weights (counts, unnormalised scores) by their total.</summary>
    public static Tensor Normalize(Tensor weights)
    {
        using var scope = NewDisposeScope();
        return (weights / weights.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>The joint of independent variables: the outer product p(a) p(b) ….</summary>
    /// <param name="marginals">One 1-D probability vector per variable, in order.</param>
    /// <returns>Table with one dimension per marginal.</returns>
    public static Tensor Product(params Tensor[] marginals)
    {
        ArgumentOutOfRangeException.ThrowIfZero(marginals.Length);
        using var scope = NewDisposeScope();
        var joint = marginals[0];
        foreach (var next in marginals.Skip(1))
        {
            // [..., k] × [k'] → [..., k, k']
            joint = joint.unsqueeze(-1) * next;
        }

        return joint.alias().MoveToOuterDisposeScope();
    }

    /// <summary>The marginal of the variables in <paramref name="keep"/>: sums out every other variable.</summary>
    /// <param name="joint">Joint table.</param>
    /// <param name="keep">Variables (dimension indices) to keep; they stay in the table's order.</param>
    public static Tensor Marginal(Tensor joint, params int[] keep)
    {
        using var scope = NewDisposeScope();
        var others = OtherVariables(joint, keep);
        var marginal = others.Length == 0 ? joint.alias() : joint.sum(others);
        return marginal.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// p(other variables | <paramref name="given"/>) = p(all) / p(given), laid out like the joint: the
    /// entry at <c>[a, b, c]</c> with <c>given = [2]</c> is p(A = a, B = b | C = c). Entries with
    /// p(given) = 0 are undefined and come out as NaN.
    /// </summary>
    /// <param name="joint">Joint table.</param>
    /// <param name="given">Variables conditioned on.</param>
    public static Tensor Conditional(Tensor joint, params int[] given)
    {
        using var scope = NewDisposeScope();
        var others = OtherVariables(joint, given);
        var evidence = others.Length == 0 ? joint.alias() : joint.sum(others, keepdim: true);
        return (joint / evidence).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Bayes' rule: p(x | y) = p(y | x) p(x) / Σ_x' p(y | x') p(x').
    /// </summary>
    /// <param name="prior">p(x), <c>[k]</c>.</param>
    /// <param name="likelihood">p(y | x), <c>[k, m]</c>; each row sums to 1.</param>
    /// <returns>The posterior p(x | y), <c>[k, m]</c> (entry <c>[x, y]</c>); each column sums to 1.</returns>
    public static Tensor Bayes(Tensor prior, Tensor likelihood)
    {
        using var scope = NewDisposeScope();
        var joint = prior.unsqueeze(1) * likelihood; // [k, m] = p(x, y)
        return Conditional(joint, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Whether variables <paramref name="a"/> and <paramref name="b"/> are independent:
    /// p(a, b) = p(a) p(b) for every pair of values, up to <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="joint">Joint table.</param>
    /// <param name="a">First variable.</param>
    /// <param name="b">Second variable, different from <paramref name="a"/>.</param>
    /// <param name="tolerance">Largest absolute difference of probabilities still called equal.</param>
    public static bool AreIndependent(Tensor joint, int a, int b, double tolerance = 1e-9)
    {
        RequireDistinct(a, b);
        using var scope = NewDisposeScope();
        var pair = Marginal(joint, Math.Min(a, b), Math.Max(a, b));
        var product = Product(Marginal(joint, Math.Min(a, b)), Marginal(joint, Math.Max(a, b)));
        return (pair - product).abs().max().item<double>() <= tolerance;
    }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> are independent given
    /// <paramref name="given"/>: p(a, b | c) = p(a | c) p(b | c) wherever p(c) &gt; 0, up to
    /// <paramref name="tolerance"/>.
    /// </summary>
    /// <remarks>
    /// Checked in the equivalent form p(a, b, c) p(c) = p(a, c) p(b, c), which needs no division and so
    /// is also defined where p(c) = 0.
    /// </remarks>
    /// <param name="joint">Joint table.</param>
    /// <param name="a">First variable.</param>
    /// <param name="b">Second variable.</param>
    /// <param name="given">The conditioning variable.</param>
    /// <param name="tolerance">Largest absolute difference still called equal.</param>
    public static bool AreConditionallyIndependent(Tensor joint, int a, int b, int given, double tolerance = 1e-9)
    {
        RequireDistinct(a, b, given);
        using var scope = NewDisposeScope();
        // Move the three variables to the order (a, b, c) so the broadcasts below line up.
        var abc = Marginal(joint, a, b, given).permute(RanksOf(a, b, given));
        var c = abc.sum([0, 1]);      // [kc]
        var ac = abc.sum(1);          // [ka, kc]
        var bc = abc.sum(dim: 0);     // [kb, kc]; "dim:" because a bare 0 would pick the sum(ScalarType) overload
        var left = abc * c;
        var right = ac.unsqueeze(1) * bc.unsqueeze(0);
        return (left - right).abs().max().item<double>() <= tolerance;
    }

    /// <summary>
    /// The empirical joint of observed discrete samples: the fraction of rows equal to each combination.
    /// </summary>
    /// <param name="samples">Integer values, <c>[n, variables]</c>; column v takes values 0 … sizes[v] − 1.</param>
    /// <param name="sizes">Number of values of each variable.</param>
    /// <returns>Joint table of shape <paramref name="sizes"/> (float64).</returns>
    public static Tensor FromSamples(Tensor samples, params int[] sizes)
    {
        if (samples.dim() != 2 || samples.shape[1] != sizes.Length)
        {
            throw new ArgumentException(
                $"Expected samples of shape [n, {sizes.Length}], got [{string.Join(", ", samples.shape)}].", nameof(samples));
        }

        using var scope = NewDisposeScope();
        // Mixed-radix index of each row, like BinaryVectors.IndexOf for arbitrary sizes.
        var strides = new long[sizes.Length];
        var stride = 1L;
        for (var v = sizes.Length - 1; v >= 0; v--)
        {
            strides[v] = stride;
            stride *= sizes[v];
        }

        var index = (samples.to_type(ScalarType.Int64) * tensor(strides, device: samples.device)).sum(1);
        var counts = bincount(index, minlength: stride).to_type(ScalarType.Float64);
        return Normalize(counts).reshape(sizes.Select(s => (long)s).ToArray()).MoveToOuterDisposeScope();
    }

    private static long[] OtherVariables(Tensor joint, int[] variables)
    {
        foreach (var v in variables)
        {
            if (v < 0 || v >= joint.dim())
            {
                throw new ArgumentOutOfRangeException(nameof(variables), v,
                    $"The table has {joint.dim()} variables (dimensions 0 to {joint.dim() - 1}).");
            }
        }

        return Enumerable.Range(0, (int)joint.dim()).Where(d => !variables.Contains(d)).Select(d => (long)d).ToArray();
    }

    // Marginal keeps variables in table order; this gives the permutation that restores the order asked for.
    private static long[] RanksOf(params int[] variables)
    {
        var sorted = variables.Order().ToArray();
        return variables.Select(v => (long)Array.IndexOf(sorted, v)).ToArray();
    }

    private static void RequireDistinct(params int[] variables)
    {
        if (variables.Distinct().Count() != variables.Length)
        {
            throw new ArgumentException($"The variables must be different, got {string.Join(", ", variables)}.");
        }
    }
}
