using System.Globalization;
using static TorchSharp.torch;

namespace GenerativeCourse.Exercises;

/// <summary>
/// The cells that compare a from-scratch computation with the library: <see cref="Close(string, Tensor, Tensor, double)"/>
/// asserts agreement, so a wrong library (or a wrong derivation) fails the notebook and the test run instead of printing
/// a gap that nobody reads.
/// </summary>
public static partial class SelfCheck
{
    /// <summary>
    /// Asserts that two tensors of the same shape agree element by element: max |ours − library| ≤ <paramref name="tolerance"/>,
    /// computed in float64. State in the cell why the tolerance is what it is (float32 rounding of how many terms).
    /// </summary>
    /// <param name="what">What is compared, e.g. "NADE logits by hand vs Nade.forward".</param>
    /// <param name="ours">The from-scratch result.</param>
    /// <param name="library">The library's result.</param>
    /// <param name="tolerance">Largest absolute difference accepted.</param>
    /// <returns>A line to print: what was compared, the largest difference and the tolerance.</returns>
    /// <exception cref="DisagreementException">The shapes differ, or an element differs by more than the tolerance, or is NaN.</exception>
    public static string Close(string what, Tensor ours, Tensor library, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (!ours.shape.SequenceEqual(library.shape))
        {
            throw new DisagreementException(what, $"the shapes differ: [{string.Join(", ", ours.shape)}] against the library's [{string.Join(", ", library.shape)}]");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gap = (ours.detach().to(ScalarType.Float64) - library.detach().to(ScalarType.Float64)).abs();
        return Judge(what, gap.numel() == 0 ? 0 : gap.max().item<double>(), tolerance);
    }

    /// <summary>Asserts that two numbers agree: |ours − library| ≤ <paramref name="tolerance"/>.</summary>
    /// <exception cref="DisagreementException">They differ by more than the tolerance, or one is NaN.</exception>
    public static string Close(string what, double ours, double library, double tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        return Judge(what, Math.Abs(ours - library), tolerance);
    }

    private static string Judge(string what, double gap, double tolerance)
    {
        if (!(gap <= tolerance))
        {
            throw new DisagreementException(what, string.Create(CultureInfo.InvariantCulture,
                $"the largest difference is {gap:E2}, more than the tolerance {tolerance:E1}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"✓ {what}: largest difference {gap:E1} (tolerance {tolerance:E0})");
    }
}
