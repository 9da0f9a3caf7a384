using System.Globalization;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The sample-based scores of one model, all in the 128-feature space of the course's reference digit classifier
/// (<see cref="DigitClassifier.Features"/>), computed from one set of n samples against the first n test images
/// (<see cref="TestSplitScores.Samples"/>):
/// <list type="bullet">
/// <item><see cref="Frechet"/>: the FID-style Fréchet distance of two fitted Gaussians, feature units²; biased upwards,
/// the more so the smaller n, so compare it only at equal n (chapter 06, §5).</item>
/// <item><see cref="Kid"/>: the unbiased squared MMD with the cubic polynomial kernel (<see cref="KernelInceptionDistance"/>),
/// whose mean does not depend on n.</item>
/// <item><see cref="PrecisionRecall"/>: improved precision (share of samples near the real manifold) and recall (share of
/// real images near the generated manifold), k = 3 (<see cref="Evaluation.PrecisionRecall"/>); both depend on n.</item>
/// </list>
/// </summary>
/// <param name="Frechet">The FID-style score, as a <see cref="QualityScore"/> with its description.</param>
/// <param name="Kid">KID over subsets of the n samples and n test images.</param>
/// <param name="PrecisionRecall">Precision and recall with k = 3.</param>
public sealed record SampleScores(QualityScore Frechet, KernelDistanceEstimate Kid, PrecisionRecallReport PrecisionRecall)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Frechet.Short}, KID {Kid.Mean:G3}, precision {PrecisionRecall.Precision:F3}, recall {PrecisionRecall.Recall:F3} ({PrecisionRecall.Generated:N0} samples)");
}
