using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

/// <summary>
/// AUROCs of the likelihood score and the typicality test. The synthetic model is a standard Gaussian in D = 100
/// dimensions (<see cref="GaussianNlls"/>): its own samples have NLL (D/2)(log 2π + 1) ± √(D/2) = 141.9 ± 7.1 nats, and
/// inputs drawn closer to the mode have higher likelihood than any typical sample, the situation of Nalisnick et al. (2019).
/// </summary>
public sealed class OutOfDistributionTests
{
    [Fact]
    public void AurocsOfBothScoresOnAHandExampleWithTies()
    {
        double[] inDistribution = [1, 2, 3.5];
        double[] outOfDistribution = [3, 0, 2];

        // Likelihood score s = NLL, pair by pair ([>] = 1, [=] = ½): 3 beats 1 and 2 → 2; 0 beats none → 0; 2 beats 1 and
        // ties 2 → 1.5. U = 3.5 of 9 pairs.
        Assert.Equal(3.5 / 9, OutOfDistribution.ByLikelihood(inDistribution, outOfDistribution).Auc, 12);
        // Typicality with Ĥ = 2, M = 1: s = |NLL − 2|, in-distribution [1, 0, 1.5], out-of-distribution [1, 2, 0].
        // 1 beats 0 and ties 1 → 1.5; 2 beats all → 3; 0 ties 0 → 0.5. U = 5 of 9 pairs.
        Assert.Equal(5.0 / 9, OutOfDistribution.ByTypicality(inDistribution, outOfDistribution, entropy: 2, batchSize: 1).Auc, 12);
        // M = 2 on NLLs whose batch means are 1.5 and 3 (Ĥ = 2: statistics 0.5 and 1) against batch means 2.25 and 2
        // (statistics 0.25 and 0): every out-of-distribution batch scores higher.
        Assert.Equal(1.0, OutOfDistribution.ByTypicality([2, 2.5, 1, 3], [1, 2, 4, 2], entropy: 2, batchSize: 2).Auc);
    }

    [Fact]
    public void InputsNearTheModeFoolTheLikelihoodScoreButNotTheTypicalityTest()
    {
        var random = new Random(2019);
        var entropy = TypicalityTest.EstimateEntropy(GaussianNlls.Draw(random, 4_000));
        var inDistribution = GaussianNlls.Draw(random, 2_000);
        // Out-of-distribution inputs x = 0.5 z: NLL (D/2) log 2π + ‖x‖²/2 = 91.9 + 12.5 ± 1.8 nats, 37.5 nats (5 standard
        // deviations of a typical NLL) more likely than the model's typical samples, 141.9 ± 7.1.
        var outOfDistribution = GaussianNlls.Draw(random, 2_000, scale: 0.5);

        var likelihood = OutOfDistribution.ByLikelihood(inDistribution, outOfDistribution);
        var typicality = OutOfDistribution.ByTypicality(inDistribution, outOfDistribution, entropy, batchSize: 1);

        // An independent Python simulation (3 seeds) gave exactly 0 and 1: the two NLL distributions barely overlap (5 sd
        // apart). 0.01 and 0.99 leave room for the draws and fail for a score pointing the wrong way (AUROC ≈ 1 for the
        // likelihood) or a statistic without the absolute value (typicality AUROC ≈ 0).
        Assert.True(likelihood.Auc < 0.01, $"likelihood AUROC {likelihood.Auc} should be far below 0.5: the OOD inputs are more likely");
        Assert.True(typicality.Auc > 0.99, $"typicality AUROC {typicality.Auc} should be near 1");
    }

    [Fact]
    public void LargerBatchesSeparateBetterOnTheSameData()
    {
        var random = new Random(1906);
        var entropy = TypicalityTest.EstimateEntropy(GaussianNlls.Draw(random, 4_000));
        var inDistribution = GaussianNlls.Draw(random, 2_000);
        // x = √0.8 z: mean NLL 10 nats below Ĥ, with spread 5.7 nats; a typical input's |NLL − Ĥ| is 5.6 on average,
        // so single inputs overlap and averages over M inputs (spread / √M) separate.
        var outOfDistribution = GaussianNlls.Draw(random, 2_000, scale: Math.Sqrt(0.8));

        var auroc = new[] { 1, 5, 25 }.Select(m => OutOfDistribution.ByTypicality(inDistribution, outOfDistribution, entropy, m).Auc).ToArray();

        // The Python simulation (3 seeds) gave 0.763–0.766, 0.983–0.988 and 1.000; the AUROC at M = 1 has a sampling sd of
        // about 0.01 here, at M = 25 (80 batches a side) the gap to 0.99 is many sds.
        Assert.InRange(auroc[0], 0.70, 0.82);
        Assert.True(auroc[0] < auroc[1] && auroc[1] < auroc[2], $"AUROC at M = 1, 5, 25: {string.Join(", ", auroc)}");
        Assert.True(auroc[2] > 0.99, $"AUROC at M = 25: {auroc[2]}");
    }

    [Fact]
    public void EmptyMismatchedOrInvalidInputsAreRefusedByName()
    {
        double[] some = [1, 2, 3];

        Assert.Equal("inDistributionNll", Assert.Throws<ArgumentException>(() => OutOfDistribution.ByLikelihood([], some)).ParamName);
        Assert.Equal("outOfDistributionNll", Assert.Throws<ArgumentException>(() => OutOfDistribution.ByTypicality(some, [], 2, 1)).ParamName);
        var tooFew = Assert.Throws<ArgumentException>(() => OutOfDistribution.ByTypicality(some, [1.0, 2], 2, batchSize: 3));
        Assert.Equal(("outOfDistributionNll", "Batches of M = 3 inputs need at least 3 NLLs; there are 2. (Parameter 'outOfDistributionNll')"), (tooFew.ParamName, tooFew.Message));
        Assert.StartsWith("NLL 1 is NaN;", Assert.Throws<ArgumentException>(() => OutOfDistribution.ByLikelihood(some, [1, double.NaN])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => OutOfDistribution.ByTypicality(some, some, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutOfDistribution.ByTypicality(some, some, 2, batchSize: 0));
        // +∞ (probability zero) is a valid, maximally atypical NLL.
        Assert.Equal(1.0, OutOfDistribution.ByTypicality(some, [double.PositiveInfinity], 2, 1).Auc);
    }
}

/// <summary>
/// Exact NLLs, in nats, of inputs x = scale · z, z ~ N(0, I_D), under the standard Gaussian model N(0, I_D), D = 100:
/// −log p(x) = (D/2) log 2π + ‖x‖²/2. Normal draws by Box–Muller from a seeded <see cref="Random"/>.
/// </summary>
internal static class GaussianNlls
{
    public const int Dimensions = 100;

    /// <summary>H = (D/2)(log 2π + 1), the model's entropy: the mean NLL of its own samples.</summary>
    public static double Entropy => 0.5 * Dimensions * (Math.Log(2 * Math.PI) + 1);

    public static double[] Draw(Random random, int count, double scale = 1)
    {
        var nll = new double[count];
        for (var i = 0; i < count; i++)
        {
            double squaredNorm = 0;
            for (var d = 0; d < Dimensions; d++)
            {
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                squaredNorm += scale * scale * z * z;
            }

            nll[i] = (0.5 * Dimensions * Math.Log(2 * Math.PI)) + (0.5 * squaredNorm);
        }

        return nll;
    }
}
