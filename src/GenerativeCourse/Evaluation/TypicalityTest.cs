using System.Globalization;
using GenerativeCourse.Data;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The typicality test for out-of-distribution inputs of Nalisnick, Matsukawa, Teh and Lakshminarayanan ("Detecting
/// out-of-distribution inputs to deep generative models using typicality", arXiv:1906.02994, 2019). A batch of M inputs
/// is flagged when its mean negative log-likelihood lies far from the entropy, on either side:
/// <code>
/// T_M(x_1, …, x_M) = | (1/M) Σ_{m=1}^{M} −log p(x_m) − Ĥ |  &gt;  ε_α^M,     Ĥ = (1/N) Σ_{n=1}^{N} −log p(x_n)
/// </code>
/// with Ĥ the mean NLL of N in-distribution inputs (nats per image) and ε_α^M the threshold that a share α of
/// in-distribution batches exceeds, set by bootstrap (<see cref="Fit"/>). M = 1 is the per-input test |−log p(x) − Ĥ| &gt; ε.
/// </summary>
/// <remarks>
/// <para><b>Why not the likelihood itself.</b> In high dimension the inputs a model generates do not lie near its mode:
/// for a standard Gaussian in D dimensions, −log p(x) = (D/2) log 2π + ‖x‖²/2, and ‖x‖² ~ χ²_D concentrates at D ± √(2D),
/// so samples have NLL (D/2)(log 2π + 1) ± √(D/2) while the mode has (D/2) log 2π, D/2 nats less. The asymptotic
/// equipartition property says the same of any model: the mean NLL of M inputs drawn from p converges to the entropy
/// H[p] = E_p[−log p(x)], the "typical set". An input of much higher likelihood than that is as atypical as one of much
/// lower likelihood; the likelihood test ("flag low p(x)") misses it, this test does not. This is how a model trained on
/// Fashion-MNIST gives MNIST digits higher likelihood than its own test images (Nalisnick et al., "Do deep generative
/// models know what they don't know?", ICLR 2019), the failure this test was designed to catch.</para>
/// <para><b>Ĥ.</b> The mean NLL of in-distribution inputs estimates E_{x∼data}[−log p(x)], the cross-entropy of the data
/// under the model (H[p] when the model fits the data): the value the mean NLL of in-distribution batches concentrates
/// around, which is what the test needs. The paper takes it on the training set and calibrates ε on a validation set; in
/// any case score the test batches on neither.</para>
/// <para>All NLLs must be per-input values of one model in one unit (nats per image), under the same binarization or
/// dequantization. A NLL of +∞ (probability zero) is allowed and is maximally atypical; NaN and −∞ are refused.</para>
/// </remarks>
public sealed class TypicalityTest
{
    private TypicalityTest(double entropy, int batchSize, double threshold, double falsePositiveRate)
    {
        Entropy = entropy;
        BatchSize = batchSize;
        Threshold = threshold;
        FalsePositiveRate = falsePositiveRate;
    }

    /// <summary>Ĥ, the mean in-distribution NLL, in the unit of the NLLs (nats per image).</summary>
    public double Entropy { get; }

    /// <summary>M, the number of inputs the test looks at together.</summary>
    public int BatchSize { get; }

    /// <summary>ε_α^M: a batch whose statistic exceeds it is flagged, in the unit of the NLLs.</summary>
    public double Threshold { get; }

    /// <summary>α, the share of in-distribution batches the threshold was set to flag.</summary>
    public double FalsePositiveRate { get; }

    /// <summary>
    /// Ĥ from <paramref name="entropyNll"/> and ε_α^M by bootstrap on <paramref name="calibrationNll"/> (Nalisnick et al.,
    /// Algorithm 1): draw K batches of M of the calibration NLLs uniformly with replacement, compute T_M of each, and take
    /// the ⌈(1 − α) K⌉-th smallest as ε, so that a share of about α of in-distribution batches exceeds it.
    /// </summary>
    /// <param name="entropyNll">NLLs of in-distribution inputs for Ĥ (the paper uses the training set); finite.</param>
    /// <param name="calibrationNll">NLLs of held-out in-distribution inputs (a validation set).</param>
    /// <param name="batchSize">M ≥ 1.</param>
    /// <param name="falsePositiveRate">α in (0, 1), e.g. 0.01.</param>
    /// <param name="bootstrapBatches">K, the number of bootstrap batches.</param>
    /// <param name="seed">Seed of the <see cref="SplitMix64"/> that draws the bootstrap batches: same seed, same ε.</param>
    public static TypicalityTest Fit(
        IReadOnlyList<double> entropyNll,
        IReadOnlyList<double> calibrationNll,
        int batchSize,
        double falsePositiveRate = 0.01,
        int bootstrapBatches = 10_000,
        ulong seed = 2019)
    {
        var entropy = EstimateEntropy(entropyNll);
        RequireNll(calibrationNll, nameof(calibrationNll));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate α must lie strictly between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrapBatches, 1);
        var random = new SplitMix64(seed);
        var statistics = new double[bootstrapBatches];
        for (var k = 0; k < bootstrapBatches; k++)
        {
            double sum = 0;
            for (var m = 0; m < batchSize; m++)
            {
                sum += calibrationNll[(int)random.NextBelow((ulong)calibrationNll.Count)];
            }

            statistics[k] = Distance(sum / batchSize, entropy);
        }

        Array.Sort(statistics);
        var rank = (int)Math.Ceiling((1 - falsePositiveRate) * bootstrapBatches);   // 1-based
        return new TypicalityTest(entropy, batchSize, statistics[Math.Clamp(rank, 1, bootstrapBatches) - 1], falsePositiveRate);
    }

    /// <summary>Ĥ = (1/N) Σ_n −log p(x_n): the mean of in-distribution NLLs, accumulated in float64.</summary>
    /// <exception cref="ArgumentException">No NLLs, or one is not finite.</exception>
    public static double EstimateEntropy(IReadOnlyList<double> nll)
    {
        RequireNll(nll, nameof(nll));
        var infinite = IndexOf(nll, double.IsInfinity);
        if (infinite >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"NLL {infinite} is {nll[infinite]}; the entropy estimate needs finite NLLs of in-distribution inputs."), nameof(nll));
        }

        return nll.Average();
    }

    /// <summary>T_M = |(1/M) Σ_m −log p(x_m) − Ĥ| of one batch (M = its length), in the unit of the NLLs.</summary>
    public static double Statistic(IReadOnlyList<double> batchNll, double entropy)
    {
        RequireNll(batchNll, nameof(batchNll));
        RequireEntropy(entropy);
        return Distance(batchNll.Average(), entropy);
    }

    /// <summary>
    /// T_M of each of the ⌊n / M⌋ consecutive, disjoint batches of <paramref name="nll"/> (inputs 0…M−1, M…2M−1, …);
    /// the last n mod M inputs are left out. Shuffle first if the order of the inputs carries structure (sorted by class).
    /// </summary>
    /// <exception cref="ArgumentException">No complete batch: fewer than M NLLs.</exception>
    public static double[] BatchStatistics(IReadOnlyList<double> nll, double entropy, int batchSize) =>
        BatchStatistics(nll, entropy, batchSize, nameof(nll));

    /// <summary><see cref="BatchStatistics(IReadOnlyList{double}, double, int)"/>, naming the caller's argument in errors.</summary>
    internal static double[] BatchStatistics(IReadOnlyList<double> nll, double entropy, int batchSize, string name)
    {
        RequireNll(nll, name);
        RequireEntropy(entropy);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (nll.Count < batchSize)
        {
            throw new ArgumentException($"Batches of M = {batchSize} inputs need at least {batchSize} NLLs; there are {nll.Count}.", name);
        }

        var statistics = new double[nll.Count / batchSize];
        for (var b = 0; b < statistics.Length; b++)
        {
            double sum = 0;
            for (var m = 0; m < batchSize; m++)
            {
                sum += nll[(b * batchSize) + m];
            }

            statistics[b] = Distance(sum / batchSize, entropy);
        }

        return statistics;
    }

    /// <summary>T_M of <paramref name="batchNll"/> under this test's Ĥ.</summary>
    /// <exception cref="ArgumentException">The batch does not hold exactly <see cref="BatchSize"/> NLLs, the M that ε was calibrated for.</exception>
    public double Statistic(IReadOnlyList<double> batchNll)
    {
        ArgumentNullException.ThrowIfNull(batchNll);
        if (batchNll.Count != BatchSize)
        {
            throw new ArgumentException($"This test's threshold was calibrated for batches of M = {BatchSize} inputs; the batch holds {batchNll.Count}.", nameof(batchNll));
        }

        return Statistic(batchNll, Entropy);
    }

    /// <summary>Whether the batch is flagged: T_M &gt; ε_α^M.</summary>
    public bool IsOutOfDistribution(IReadOnlyList<double> batchNll) => Statistic(batchNll) > Threshold;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"typicality test: Ĥ = {Entropy:F3}, M = {BatchSize}, ε = {Threshold:F3} (α = {FalsePositiveRate})");

    // The statistic itself: how far a batch's mean NLL lies from Ĥ, on either side.
    private static double Distance(double meanNll, double entropy) => Math.Abs(meanNll - entropy);

    internal static void RequireNll(IReadOnlyList<double> nll, string name)
    {
        ArgumentNullException.ThrowIfNull(nll, name);
        if (nll.Count == 0)
        {
            throw new ArgumentException("At least one NLL is needed.", name);
        }

        var bad = IndexOf(nll, v => double.IsNaN(v) || double.IsNegativeInfinity(v));
        if (bad >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"NLL {bad} is {nll[bad]}; a negative log-likelihood is a number or +∞ (probability zero)."), name);
        }
    }

    private static void RequireEntropy(double entropy)
    {
        if (!double.IsFinite(entropy))
        {
            throw new ArgumentOutOfRangeException(nameof(entropy), entropy, "The entropy estimate Ĥ must be finite (EstimateEntropy of in-distribution NLLs).");
        }
    }

    private static int IndexOf(IReadOnlyList<double> values, Func<double, bool> predicate)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (predicate(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
