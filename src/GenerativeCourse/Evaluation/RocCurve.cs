namespace GenerativeCourse.Evaluation;

/// <summary>One operating point of a detector: flag every input whose score is at least <paramref name="Threshold"/>.</summary>
/// <param name="FalsePositiveRate">Share of normal inputs flagged.</param>
/// <param name="TruePositiveRate">Share of anomalies flagged.</param>
/// <param name="Threshold">The score from which on inputs are flagged (+∞ for the point (0, 0)).</param>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>
/// The receiver operating characteristic of an anomaly score (higher = more anomalous, e.g. −log p(x) in nats): the
/// true-positive rate against the false-positive rate as the threshold sweeps from +∞ down to −∞, and the area under
/// it. The area is the probability that a random anomaly scores above a random normal input, ties counting one half:
/// <code>AUC = (1 / (n₊ n₋)) Σ_i Σ_j [s⁺_i &gt; s⁻_j] + ½ [s⁺_i = s⁻_j] = U / (n₊ n₋),</code>
/// the Mann–Whitney U statistic of the two samples divided by the number of pairs (Hanley &amp; McNeil 1982).
/// </summary>
/// <remarks>
/// Inputs with equal scores are flagged together, so a group of ties moves the curve diagonally; the trapezoid rule
/// under that diagonal is exactly the "½ per tied pair" of the formula. 1 is perfect separation, 0.5 a score that
/// carries no information, below 0.5 a score pointing the wrong way.
/// </remarks>
public sealed class RocCurve
{
    private RocCurve(IReadOnlyList<RocPoint> points, double area, int anomalies, int normals)
    {
        Points = points;
        Auc = area;
        Anomalies = anomalies;
        Normals = normals;
    }

    /// <summary>The curve from (0, 0) to (1, 1), one point per distinct score.</summary>
    public IReadOnlyList<RocPoint> Points { get; }

    /// <summary>Area under the curve, in [0, 1].</summary>
    public double Auc { get; }

    /// <summary>Number of anomalous inputs (positives).</summary>
    public int Anomalies { get; }

    /// <summary>Number of normal inputs (negatives).</summary>
    public int Normals { get; }

    /// <summary>False-positive rates of <see cref="Points"/>, for plotting.</summary>
    public double[] FalsePositiveRates => Points.Select(p => p.FalsePositiveRate).ToArray();

    /// <summary>True-positive rates of <see cref="Points"/>, for plotting.</summary>
    public double[] TruePositiveRates => Points.Select(p => p.TruePositiveRate).ToArray();

    /// <summary>The ROC curve of scores of known anomalies against scores of normal inputs.</summary>
    /// <param name="anomalyScores">Scores of the anomalies (at least one; finite or ±∞, not NaN).</param>
    /// <param name="normalScores">Scores of the normal inputs (at least one).</param>
    public static RocCurve FromScores(IReadOnlyList<double> anomalyScores, IReadOnlyList<double> normalScores)
    {
        Require(anomalyScores, nameof(anomalyScores));
        Require(normalScores, nameof(normalScores));
        var labelled = anomalyScores.Select(s => (Score: s, Anomaly: true))
            .Concat(normalScores.Select(s => (Score: s, Anomaly: false)))
            .OrderByDescending(x => x.Score)
            .ToArray();
        double positives = anomalyScores.Count, negatives = normalScores.Count;
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        int truePositives = 0, falsePositives = 0;
        double area = 0;
        for (var i = 0; i < labelled.Length;)
        {
            // Everything tied with this score is flagged by the same threshold.
            var threshold = labelled[i].Score;
            for (; i < labelled.Length && labelled[i].Score.Equals(threshold); i++)
            {
                if (labelled[i].Anomaly)
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }

            var previous = points[^1];
            var next = new RocPoint(falsePositives / negatives, truePositives / positives, threshold);
            area += (next.FalsePositiveRate - previous.FalsePositiveRate) * (next.TruePositiveRate + previous.TruePositiveRate) / 2;
            points.Add(next);
        }

        return new RocCurve(points, area, anomalyScores.Count, normalScores.Count);
    }

    /// <summary>
    /// The Mann–Whitney U statistic of the anomalies' scores against the normal ones from mid-ranks (ties share the
    /// mean of their ranks): U = R₊ − n₊(n₊ + 1)/2, where R₊ is the sum of the anomalies' ranks in the pooled sample,
    /// ranked from the lowest score. It counts the pairs in which the anomaly scores higher, ties as one half.
    /// </summary>
    public static double MannWhitneyU(IReadOnlyList<double> anomalyScores, IReadOnlyList<double> normalScores)
    {
        Require(anomalyScores, nameof(anomalyScores));
        Require(normalScores, nameof(normalScores));
        var pooled = anomalyScores.Select(s => (Score: s, Anomaly: true))
            .Concat(normalScores.Select(s => (Score: s, Anomaly: false)))
            .OrderBy(x => x.Score)
            .ToArray();
        double rankSum = 0;
        for (var i = 0; i < pooled.Length;)
        {
            var end = i;
            while (end < pooled.Length && pooled[end].Score.Equals(pooled[i].Score))
            {
                end++;
            }

            var midRank = ((i + 1) + end) / 2.0;                              // ranks i+1 … end share their mean
            rankSum += midRank * pooled[i..end].Count(x => x.Anomaly);
            i = end;
        }

        double n = anomalyScores.Count;
        return rankSum - (n * (n + 1) / 2);
    }

    /// <summary>The highest true-positive rate reachable with a false-positive rate of at most <paramref name="falsePositiveRate"/>.</summary>
    public double TruePositiveRateAt(double falsePositiveRate) =>
        Points.Where(p => p.FalsePositiveRate <= falsePositiveRate).Max(p => p.TruePositiveRate);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"AUC {Auc:F3} ({Anomalies} anomalies, {Normals} normal inputs)");

    private static void Require(IReadOnlyList<double> scores, string name)
    {
        ArgumentNullException.ThrowIfNull(scores, name);
        if (scores.Count == 0)
        {
            throw new ArgumentException("An ROC curve needs at least one score of each kind.", name);
        }

        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("A score is NaN; a detector cannot rank it.", name);
        }
    }
}
