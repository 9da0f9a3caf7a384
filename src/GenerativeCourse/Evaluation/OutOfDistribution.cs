namespace GenerativeCourse.Evaluation;

/// <summary>
/// How well a density model's per-input NLLs (nats per image, any explicit model of the course) separate
/// in-distribution inputs (say the MNIST test split) from out-of-distribution ones (say Fashion-MNIST's): the ROC curve
/// and its area (AUROC, <see cref="RocCurve"/>) of an OOD score, with the out-of-distribution inputs as the positives.
/// <code>
/// AUROC = P(s(x_ood) &gt; s(x_in)) + ½ P(s(x_ood) = s(x_in))
/// </code>
/// 1 is perfect separation, 0.5 a score that says nothing, below 0.5 a score that points the wrong way. Two scores:
/// <list type="bullet">
/// <item><see cref="ByLikelihood"/>: s(x) = −log p(x), the rule "higher likelihood means in-distribution". Nalisnick,
/// Matsukawa, Teh, Gorur and Lakshminarayanan ("Do deep generative models know what they don't know?", ICLR 2019) found
/// models that give out-of-distribution data higher likelihood than their own test data (Fashion-MNIST → MNIST,
/// CIFAR-10 → SVHN): there its AUROC falls below 0.5.</item>
/// <item><see cref="ByTypicality"/>: s = |(1/M) Σ_m −log p(x_m) − Ĥ| on batches of M inputs, the typicality test of
/// Nalisnick, Matsukawa, Teh and Lakshminarayanan (arXiv:1906.02994, 2019; <see cref="TypicalityTest"/>), which flags
/// likelihoods too high as well as too low. Larger M averages the noise of single NLLs away and separates better.</item>
/// </list>
/// </summary>
/// <remarks>
/// Both sets of NLLs must come from one model in one unit, under the same binarization or dequantization, and Ĥ from
/// in-distribution inputs that are not among those scored here (a training or validation split).
/// </remarks>
public static class OutOfDistribution
{
    /// <summary>The ROC curve of the likelihood score s(x) = −log p(x): flag inputs whose NLL is high.</summary>
    /// <param name="inDistributionNll">NLLs of in-distribution inputs (the negatives).</param>
    /// <param name="outOfDistributionNll">NLLs of out-of-distribution inputs (the positives).</param>
    /// <exception cref="ArgumentException">An empty list, or a NLL that is NaN or −∞.</exception>
    public static RocCurve ByLikelihood(IReadOnlyList<double> inDistributionNll, IReadOnlyList<double> outOfDistributionNll)
    {
        TypicalityTest.RequireNll(inDistributionNll, nameof(inDistributionNll));
        TypicalityTest.RequireNll(outOfDistributionNll, nameof(outOfDistributionNll));
        return RocCurve.FromScores(anomalyScores: outOfDistributionNll, normalScores: inDistributionNll);
    }

    /// <summary>
    /// The ROC curve of the typicality statistic T_M over ⌊n / M⌋ consecutive disjoint batches of each set
    /// (<see cref="TypicalityTest.BatchStatistics(IReadOnlyList{double}, double, int)"/>): one point per batch, so M = 1 ranks single inputs.
    /// </summary>
    /// <param name="inDistributionNll">NLLs of in-distribution inputs not used for Ĥ (the negatives).</param>
    /// <param name="outOfDistributionNll">NLLs of out-of-distribution inputs (the positives).</param>
    /// <param name="entropy">Ĥ, from <see cref="TypicalityTest.EstimateEntropy"/> on other in-distribution inputs.</param>
    /// <param name="batchSize">M ≥ 1; each set must hold at least M NLLs.</param>
    /// <exception cref="ArgumentException">An empty list, a NaN or −∞ NLL, fewer than M NLLs in a set, or a non-finite Ĥ.</exception>
    public static RocCurve ByTypicality(IReadOnlyList<double> inDistributionNll, IReadOnlyList<double> outOfDistributionNll, double entropy, int batchSize = 1)
    {
        var normal = TypicalityTest.BatchStatistics(inDistributionNll, entropy, batchSize, nameof(inDistributionNll));
        var anomalies = TypicalityTest.BatchStatistics(outOfDistributionNll, entropy, batchSize, nameof(outOfDistributionNll));
        return RocCurve.FromScores(anomalies, normal);
    }
}
