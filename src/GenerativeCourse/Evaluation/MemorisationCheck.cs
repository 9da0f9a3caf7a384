using System.Globalization;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>The nearest training image of each query image: Euclidean distance and row index into the training set.</summary>
/// <param name="Distances">‖x − x_train‖ of each query, in the units of the space (grey levels for pixels).</param>
/// <param name="Indices">Row of the nearest training image, for drawing each query beside its neighbour.</param>
public sealed record NearestTrainingImages(IReadOnlyList<double> Distances, IReadOnlyList<long> Indices);

/// <summary>What <see cref="MemorisationCheck"/> found in one space (pixels or features).</summary>
/// <param name="Space">"pixels", "features" or the name the caller gave.</param>
/// <param name="Generated">Generated sample → nearest training image.</param>
/// <param name="Test">Held-out test image → nearest training image: how close fresh data comes by chance.</param>
/// <param name="GeneratedMedian">Median of the generated samples' distances.</param>
/// <param name="TestMedian">Median of the test images' distances.</param>
/// <param name="Percentile">q of the threshold, in percent.</param>
/// <param name="Threshold">The q-th percentile ("lower": an observed value) of the test images' distances.</param>
/// <param name="Flagged">Generated samples closer to the training set than <paramref name="Threshold"/> (strictly),
/// by index, nearest first: suspected copies.</param>
public sealed record MemorisationReport(
    string Space, NearestTrainingImages Generated, NearestTrainingImages Test, double GeneratedMedian, double TestMedian,
    double Percentile, double Threshold, IReadOnlyList<int> Flagged)
{
    /// <summary>Share of generated samples flagged; about q/100 for a model that does not copy.</summary>
    public double FlaggedFraction => (double)Flagged.Count / Generated.Distances.Count;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Space}: median distance to the nearest training image {GeneratedMedian:G4} (generated) vs {TestMedian:G4} (test); " +
        $"{Flagged.Count:N0} of {Generated.Distances.Count:N0} generated ({FlaggedFraction:P1}) closer than {Threshold:G4}, percentile {Percentile:G3} of the test images' distances");
}

/// <summary>
/// A nearest-neighbour check for memorisation: is each generated sample closer to some training image than fresh
/// data from the same distribution would be? For every generated sample x̂ and every held-out test image x, it finds
/// the nearest training image, D(x̂) = min_j ‖x̂ − x_j‖ and D(x) = min_j ‖x − x_j‖, and compares the two distributions
/// of distances (Meehan, Chaudhuri &amp; Dasgupta 2020, "A Non-Parametric Test to Detect Data-Copying in Generative
/// Models", compare the same two in a statistical test). A model that copies puts D(x̂) near 0, far below what test
/// images reach; a model that generalises gives D(x̂) distributed like D(x). Generated samples closer than the
/// q-th percentile of D(x) (q = 1 by default) are flagged: a model that does not copy has about q % of them flagged.
/// </summary>
/// <remarks>
/// <para>Pixel distance alone is a weak test (Theis, van den Oord &amp; Bethge 2016, "A note on the evaluation of
/// generative models"): a copy shifted by one pixel is far away in pixels, and a small distance can come from a
/// plain image. So <see cref="InPixelsAndFeatures"/> repeats the check in a feature space (the course's digit classifier,
/// <see cref="DigitClassifier.Features"/>), and returns the neighbours' indices so that a notebook can show each sample
/// beside its nearest training image — the check a reader should make with their own eyes.</para>
/// <para>The searches are exact and run in blocks (<see cref="NearestNeighbours"/>, float64): 1,000 samples against
/// 50,000 training digits of 784 pixels cost 78 GFLOP, and 10,000 test digits ten times that, so pass a subset of the
/// test split when time matters (1,000 test images put the 1st percentile at the 10th smallest distance).</para>
/// </remarks>
public static class MemorisationCheck
{
    /// <summary>The default threshold: the 1st percentile of the test images' distances.</summary>
    public const double DefaultPercentile = 1.0;

    /// <summary>
    /// The check in the space the rows already live in: <paramref name="generated"/> <c>[g, …]</c>,
    /// <paramref name="train"/> <c>[n, …]</c> and <paramref name="test"/> <c>[m, …]</c>, each row flattened (images
    /// <c>[n, 784]</c> or <c>[n, 1, 28, 28]</c>, or feature vectors <c>[n, d]</c>) to the same length.
    /// </summary>
    /// <param name="generated">Generated samples.</param>
    /// <param name="train">The model's training images.</param>
    /// <param name="test">Held-out images from the same distribution, never trained on.</param>
    /// <param name="space">Name of the space, for the report.</param>
    /// <param name="percentile">q in (0, 100): the threshold is the q-th percentile of the test images' distances.</param>
    public static MemorisationReport Compute(
        Tensor generated, Tensor train, Tensor test, string space = "pixels", double percentile = DefaultPercentile)
    {
        if (!(percentile > 0 && percentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "Expected a percentile in (0, 100).");
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var g = FeatureArguments.Flattened(generated, nameof(generated));                          // [g, d]
        var x = FeatureArguments.Flattened(train, nameof(train));                                  // [n, d]
        var t = FeatureArguments.Flattened(test, nameof(test));                                    // [m, d]
        FeatureArguments.SameWidth(x, nameof(train), g, nameof(generated));
        FeatureArguments.SameWidth(x, nameof(train), t, nameof(test));

        var fromGenerated = Nearest(g, x);
        var fromTest = Nearest(t, x);
        var testSorted = fromTest.Distances.Order().ToArray();
        var threshold = EmpiricalPercentile.Lower(testSorted, percentile);
        var flagged = Enumerable.Range(0, fromGenerated.Distances.Count)
            .Where(i => fromGenerated.Distances[i] < threshold)
            .OrderBy(i => fromGenerated.Distances[i])
            .ToArray();
        return new MemorisationReport(
            space, fromGenerated, fromTest, EmpiricalPercentile.Median(fromGenerated.Distances.Order().ToArray()),
            EmpiricalPercentile.Median(testSorted), percentile, threshold, flagged);
    }

    /// <summary>
    /// The check twice: on the images' pixels, and on <paramref name="features"/> of them (usually
    /// <c>classifier.Features</c>, computed here for all three sets without gradients).
    /// </summary>
    public static (MemorisationReport Pixels, MemorisationReport Features) InPixelsAndFeatures(
        Tensor generated, Tensor train, Tensor test, Func<Tensor, Tensor> features, double percentile = DefaultPercentile)
    {
        ArgumentNullException.ThrowIfNull(features);
        var pixels = Compute(generated, train, test, "pixels", percentile);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return (pixels, Compute(features(generated), features(train), features(test), "features", percentile));
    }

    private static NearestTrainingImages Nearest(Tensor queries, Tensor train)
    {
        using var scope = NewDisposeScope();
        var (distances, indices) = NearestNeighbours.Search(queries, train, 1);                    // [q, 1], [q, 1]
        return new NearestTrainingImages(distances.reshape(-1).data<double>().ToArray(), indices.reshape(-1).data<long>().ToArray());
    }
}
