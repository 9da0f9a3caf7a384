using GenerativeCourse.Data;
using GenerativeCourse.Models;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// Exact test negative log-likelihood of an <see cref="IDensityModel"/>, computed in batches without
/// gradients: NLL = −(1/n) Σ_i log p(x_i) in nats per example.
/// </summary>
/// <remarks>
/// Evaluation uses fixed data. For the digits that is the static binarization (<see cref="PixelEncoding.StaticBinary"/>):
/// scoring fresh dynamic binarizations would add the noise of the draws to the number and make it differ
/// between runs. The batches go through the course's one scoring loop (<see cref="ImageScores"/>): the per-image
/// values are accumulated in float64, so the batch size does not change the result beyond ~1e-12 relative.
/// </remarks>
public static class Likelihood
{
    /// <summary>The NLL of <paramref name="model"/> on the rows of <paramref name="data"/>.</summary>
    /// <param name="model">The model; its <see cref="IDensityModel.LogProb"/> is called under <c>no_grad</c>.</param>
    /// <param name="data">Examples, <c>[n, D]</c>; not changed or disposed.</param>
    /// <param name="description">What the data are, for the report (split, encoding).</param>
    /// <param name="batchSize">Examples per call of LogProb; bounds the memory used.</param>
    public static LikelihoodReport Evaluate(IDensityModel model, Tensor data, string description = "the given data", int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var nll = ImageScores.Mean(data, batchSize, x => model.LogProb(x).neg(), description);   // −log p(x_i), nats
        return new LikelihoodReport(nll.Mean, nll.StandardError, nll.Count, (int)data.shape[1], description);
    }

    /// <summary>
    /// The NLL on a split of the course's digits, statically binarized: the number to report for binary
    /// image models. The description names the split and the binarization seed.
    /// </summary>
    /// <param name="model">A model of 784 binary pixels.</param>
    /// <param name="set">A split, e.g. <see cref="Mnist.Test"/>.</param>
    /// <param name="batchSize">Images per call of LogProb.</param>
    public static LikelihoodReport Evaluate(IDensityModel model, DigitSet set, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(set);
        using var images = set.Images(PixelEncoding.StaticBinary);
        return Evaluate(model, images, Describe(set), batchSize);
    }

    /// <summary>"MNIST test split (10,000 images), static binarization (seed 2008)".</summary>
    public static string Describe(DigitSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{set.DataName} {set.Split.ToString().ToLowerInvariant()} split ({set.Count:N0} images), static binarization (seed {StaticBinarization.Seed})");
    }
}
