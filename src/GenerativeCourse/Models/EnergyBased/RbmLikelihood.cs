using System.Globalization;
using GenerativeCourse.Probability;
using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// The test log-likelihood of an <see cref="Rbm"/>: −(1/n) Σ_i (−F(x_i) − log Z) in nats per example, with the
/// log Z it used and how that was obtained.
/// </summary>
/// <param name="Likelihood">NLL and its standard error over examples, as for every density model; its description
/// names the data and the log Z method.</param>
/// <param name="LogPartition">log Z (exact or AIS estimate).</param>
/// <param name="LowerNats">NLL with log Z at the lower end of its interval, log(Ẑ − 3σ̂) (= MeanNats when exact); −∞
/// when Ẑ − 3σ̂ ≤ 0, that is when the AIS weights are so spread that three standard errors reach Ẑ = 0: anneal with more
/// temperatures or runs to close it.</param>
/// <param name="UpperNats">NLL with log Z at the upper end, log(Ẑ + 3σ̂).</param>
public sealed record RbmLikelihoodReport(LikelihoodReport Likelihood, LogPartitionEstimate LogPartition, double LowerNats, double UpperNats)
{
    /// <summary>−(1/n) Σ log p(x_i), nats per example.</summary>
    public double MeanNats => Likelihood.MeanNats;

    /// <summary>True when log Z was enumerated; false for an AIS estimate.</summary>
    public bool IsExact => LogPartition.IsExact;

    public override string ToString() => IsExact
        ? Likelihood.ToString()
        : string.Create(CultureInfo.InvariantCulture,
            $"NLL ≈ {MeanNats:F2} nats per example (Ẑ ± 3σ gives {Units.Format(LowerNats, "F2")} … {Units.Format(UpperNats, "F2")}; ± {Likelihood.StandardError:F2} over examples) on {Likelihood.Description}");
}

/// <summary>Scores an <see cref="Rbm"/> given a log partition function from <see cref="RbmPartitionFunction"/> or <see cref="AnnealedImportanceSampling"/>.</summary>
public static class RbmLikelihood
{
    /// <summary>The NLL of the rows of <paramref name="data"/>, <c>[n, V]</c>, in nats per example.</summary>
    /// <param name="rbm">The model.</param>
    /// <param name="data">Binary examples; not changed.</param>
    /// <param name="logPartition">log Z, exact or estimated; the report says which.</param>
    /// <param name="description">What the data are (split, binarization).</param>
    /// <param name="batchSize">Examples per free-energy pass of the scoring loop (<see cref="ImageScores"/>); bounds memory only.</param>
    public static RbmLikelihoodReport Evaluate(Rbm rbm, Tensor data, LogPartitionEstimate logPartition, string description = "the given data", int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(rbm);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(logPartition);
        // log p(x) = −F(x) − log Z; the spread over examples is that of F alone, log Z being one shared constant.
        var freeEnergy = ImageScores.Mean(data, batchSize, rbm.FreeEnergy, $"{description}; {logPartition.MethodDescription}");   // nats
        var meanFreeEnergy = freeEnergy.Mean;
        var report = new LikelihoodReport(meanFreeEnergy + logPartition.LogZ, freeEnergy.StandardError, freeEnergy.Count, (int)data.shape[1], freeEnergy.Description);
        // A lower log Z means a higher likelihood: the interval of log Z maps to the NLL in the same direction.
        return new RbmLikelihoodReport(report, logPartition, meanFreeEnergy + logPartition.Lower, meanFreeEnergy + logPartition.Upper);
    }

    /// <summary>The NLL on a split of the course's digits, statically binarized (seed 2008), as for the other models.</summary>
    public static RbmLikelihoodReport Evaluate(Rbm rbm, DigitSet set, LogPartitionEstimate logPartition)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var images = set.Images(PixelEncoding.StaticBinary);
        return Evaluate(rbm, images, logPartition, Likelihood.Describe(set));
    }
}
