using System.Globalization;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>Improved precision and recall of a generated set against a real set (<see cref="PrecisionRecall"/>).</summary>
/// <param name="Precision">Fraction of generated samples inside the real manifold: how many samples look real.</param>
/// <param name="Recall">Fraction of real samples inside the generated manifold: how much of the data the model covers.</param>
/// <param name="K">The k of the k-NN radii.</param>
/// <param name="Real">Number of real feature vectors.</param>
/// <param name="Generated">Number of generated feature vectors.</param>
public sealed record PrecisionRecallReport(double Precision, double Recall, int K, int Real, int Generated)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"precision {Precision:F3}, recall {Recall:F3} (k = {K}; {Real:N0} real, {Generated:N0} generated)");
}

/// <summary>
/// Improved precision and recall for distributions (Kynkäänniemi, Karras, Laine, Lehtinen &amp; Aila 2019, "Improved
/// Precision and Recall Metric for Assessing Generative Models"). Each set of feature vectors stands for its
/// manifold, the union of balls around its points whose radii reach each point's k-th nearest neighbour in the same set:
/// <code>manifold(Φ) = ∪_{φ ∈ Φ} B(φ, ‖φ − NN_k(φ, Φ)‖),   precision = (1/|Φ_g|) Σ_{φ ∈ Φ_g} 1[φ ∈ manifold(Φ_r)],
/// recall = (1/|Φ_r|) Σ_{φ ∈ Φ_r} 1[φ ∈ manifold(Φ_g)].</code>
/// Precision is the share of generated samples that fall near real data (sample quality); recall is the share of
/// real data near which the model generates (coverage). A model that drops modes keeps its precision and loses recall;
/// a model that blurs between modes keeps recall and loses precision — the two failures FID folds into one number.
/// </summary>
/// <remarks>
/// <para>Inputs are feature vectors <c>[n, d]</c>: the paper uses VGG-16 features; the course uses the 128
/// penultimate-layer features of its digit classifier (<see cref="DigitClassifier.Features"/>), so values are
/// comparable between runs of the course, not with the paper's. The paper's default is k = 3. The values depend on k
/// and on the set sizes (more points, smaller balls), so compare models with equally many samples and the same k.</para>
/// <para>A point is not its own neighbour: its radius is the distance to its k-th nearest other point. A point on
/// a ball's boundary counts as inside. Distances are Euclidean in float64, computed in blocks
/// (<see cref="NearestNeighbours"/>): 10,000 × 10,000 pairs of 128 features cost 3 × 26 GFLOP and 32 MB at a time.</para>
/// </remarks>
public static class PrecisionRecall
{
    /// <summary>The paper's neighbourhood size.</summary>
    public const int DefaultK = 3;

    /// <summary>Precision and recall of <paramref name="generated"/> <c>[m, d]</c> against <paramref name="real"/> <c>[n, d]</c>.</summary>
    /// <param name="real">Features of real images, at least k + 1 rows.</param>
    /// <param name="generated">Features of generated images, at least k + 1 rows, same d.</param>
    /// <param name="k">Neighbourhood size of the radii (3 in the paper).</param>
    /// <exception cref="ArgumentException">Not matrices, different d, or k + 1 rows missing in a set.</exception>
    public static PrecisionRecallReport Compute(Tensor real, Tensor generated, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        FeatureArguments.Rows(real, nameof(real), k + 1);
        FeatureArguments.Rows(generated, nameof(generated), k + 1);
        FeatureArguments.SameWidth(real, nameof(real), generated, nameof(generated));

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var realRadii = Radii(real, k);                                                         // [n] squared
        var generatedRadii = Radii(generated, k);                                               // [m] squared
        var (generatedInReal, realInGenerated) = Coverage(generated, real, realRadii, generatedRadii);
        return new PrecisionRecallReport(
            generatedInReal.to_type(ScalarType.Float64).mean().item<double>(),
            realInGenerated.to_type(ScalarType.Float64).mean().item<double>(),
            k,
            (int)real.shape[0],
            (int)generated.shape[0]);
    }

    /// <summary>Squared distance of each row to its k-th nearest other row of the same set, float64 <c>[n]</c>.</summary>
    private static Tensor Radii(Tensor x, int k)
    {
        using var scope = NewDisposeScope();
        // The nearest of the k + 1 is the point itself, at distance 0.
        var (distances, _) = NearestNeighbours.Search(x, x, k + 1);                             // [n, k + 1]
        return distances.select(1, k).square().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One pass over the blocks of ‖g_i − r_j‖² <c>[m, n]</c> for both directions: which generated rows lie in some real
    /// ball (bool <c>[m]</c>) and which real rows lie in some generated ball (bool <c>[n]</c>).
    /// </summary>
    private static (Tensor GeneratedInReal, Tensor RealInGenerated) Coverage(
        Tensor generated, Tensor real, Tensor realRadii, Tensor generatedRadii)
    {
        var m = generated.shape[0];
        var n = real.shape[0];
        var generatedInReal = zeros(m, dtype: ScalarType.Bool);
        var realInGenerated = zeros(n, dtype: ScalarType.Bool);
        var rows = Math.Max(1, NearestNeighbours.BlockElements / n);
        for (long first = 0; first < m; first += rows)
        {
            using var blockScope = NewDisposeScope();
            var count = Math.Min(rows, m - first);
            var squared = NearestNeighbours.SquaredDistances(generated.narrow(0, first, count), real);     // [c, n]
            generatedInReal.narrow(0, first, count).copy_((squared <= realRadii.unsqueeze(0)).any(1));
            var inGeneratedBalls = (squared <= generatedRadii.narrow(0, first, count).unsqueeze(1)).any(0); // [n]
            realInGenerated.logical_or_(inGeneratedBalls);
        }

        return (generatedInReal, realInGenerated);
    }
}
