using System.Globalization;
using GenerativeCourse.Data;
using GenerativeCourse.Models;
using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Models.Latent;
using GenerativeCourse.Probability;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The numbers a model is judged by, on the first <c>testImages</c> images of the MNIST test split
/// (<see cref="Mnist.Test"/>): exact NLL, the −IWAE-k bound, an RBM's AIS estimate (nats per image, static
/// binarization), bits per dimension of dequantized bytes, and the FID-style score. Every likelihood goes through the
/// one scoring loop (<see cref="ImageScores"/>), and every description names the split and the binarization. Noise
/// (importance samples, dequantization, AIS chains) comes from a generator seeded with <c>seed</c>, so the numbers repeat.
/// </summary>
public static class TestSplitScores
{
    /// <summary>Exact NLL in nats per image on statically binarized test images (<see cref="Likelihood.Evaluate(IDensityModel, Tensor, string, int)"/>).</summary>
    /// <param name="model">The density model, in evaluation mode.</param>
    /// <param name="testImages">The first this many of the 10,000 test images.</param>
    /// <param name="batchSize">Images per forward pass: smaller for models with large activations (a PixelCNN's
    /// feature maps are channels × 28 × 28 per image and layer).</param>
    public static QualityScore ExactNll(IDensityModel model, int testImages, int batchSize = 500)
    {
        using var images = TestImages(PixelEncoding.StaticBinary, testImages);
        var report = Likelihood.Evaluate(model, images, Describe(testImages, StaticBinarizationWords), batchSize);
        return new QualityScore(QualityMetric.ExactNll, report.MeanNats, report.StandardError, report.Description);
    }

    /// <summary>
    /// −IWAE-k (Burda et al. 2016), an upper bound on the NLL, nats per image, statically binarized test images, 10
    /// images per batch (k × 10 decoder passes at once). The importance samples are drawn batch after batch from one
    /// generator, so the batch size is part of the number's definition.
    /// </summary>
    public static QualityScore Iwae(Vae model, int testImages, int importanceSamples, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var images = TestImages(PixelEncoding.StaticBinary, testImages);
        using var generator = new torch.Generator(seed);
        var description = string.Create(CultureInfo.InvariantCulture, $"IWAE-{importanceSamples}; ") + Describe(testImages, StaticBinarizationWords);
        var nll = ImageScores.Mean(images, 10, x => model.ImportanceWeightedLogProb(x, importanceSamples, generator).neg(), description);
        return new QualityScore(QualityMetric.IwaeNll, nll.Mean, nll.StandardError, nll.Description);
    }

    /// <summary>
    /// Bits per dimension of the 8-bit test images under a flow in logit space, −log p / (D ln 2), with one uniform
    /// dequantization draw per image (<see cref="Dequantization.LogProbOfBytes"/>): an upper bound in expectation.
    /// 100 images per batch; the draws come batch after batch from one generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static QualityScore BitsPerDimension(IDensityModel logitSpaceModel, LogitTransform logit, int testImages, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(logitSpaceModel);
        ArgumentNullException.ThrowIfNull(logit);
        using var images = TestImages(PixelEncoding.Raw, testImages);
        using var generator = new torch.Generator(seed);
        var description = Describe(testImages, string.Create(CultureInfo.InvariantCulture, $"8-bit grey levels, uniform dequantization (seed {seed})"));
        var bits = ImageScores.Mean(images, 100,
            x => Units.BitsPerDimension(Dequantization.LogProbOfBytes(logitSpaceModel, logit, x, generator).neg(), logit.Dimensions),
            description);
        return new QualityScore(QualityMetric.BitsPerDimension, bits.Mean, bits.StandardError, bits.Description);
    }

    /// <summary>
    /// A DDPM's variational bound on −log P(x) of the 8-bit test images (<see cref="Ddpm.VariationalBound"/>), in bits
    /// per dimension, of the unconditional model (the null label ∅ when the network is class-conditional): each image's
    /// middle terms are estimated from <paramref name="strata"/> steps, one drawn in each of that many geometric strata
    /// of 2…T (<see cref="Ddpm.BoundStrata"/>), so the mean is unbiased and its standard error includes the spread of the
    /// estimate; x̂_0 is clipped to [−1, 1] in every reverse mean, as the samplers do. 100 images per batch; x_t and the
    /// steps come batch after batch from one generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static QualityScore DiffusionBound(Ddpm model, int testImages, int strata, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var images = TestImages(PixelEncoding.Raw, testImages);
        using var generator = new torch.Generator(seed);
        var conditional = model.Network is DiffusionUNet { Options.Classes: > 0 };
        var description = Describe(testImages, string.Create(CultureInfo.InvariantCulture,
            $"8-bit grey levels; variational bound, {strata} stratified step{(strata == 1 ? "" : "s")} per image (seed {seed}), x̂_0 clipped to [−1, 1] as in sampling{(conditional ? ", null label ∅" : "")}"));
        // No labels: a conditional network reads them as ∅.
        var bits = ImageScores.Mean(images, 100,
            x => Units.BitsPerDimension(model.VariationalBound(model.ExamplesFromBytes(x), labels: null, strata, generator, clipDenoised: true).Total, Mnist.PixelsPerImage),
            description);
        return new QualityScore(QualityMetric.BoundBitsPerDimension, bits.Mean, bits.StandardError, bits.Description);
    }

    /// <summary>
    /// An RBM's test NLL in nats per image, <b>estimated</b>: −F(x) exactly (through <see cref="RbmLikelihood"/>), log Z
    /// by annealed importance sampling (<paramref name="aisRuns"/> runs × <paramref name="aisTemperatures"/>
    /// temperatures, base-rate model fitted to the statically binarized training split). The description gives the NLL
    /// at the ends of the ±3σ̂ interval of log Ẑ.
    /// </summary>
    public static QualityScore AisNll(Rbm model, int testImages, int aisRuns, int aisTemperatures, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var images = TestImages(PixelEncoding.StaticBinary, testImages);
        using var train = Mnist.Train.Images(PixelEncoding.StaticBinary);
        using var baseRate = AnnealedImportanceSampling.BaseRateBias(train);   // [784]
        using var generator = new torch.Generator(seed);
        var logZ = AnnealedImportanceSampling.Estimate(model, baseRate, aisRuns, aisTemperatures, generator);
        var report = RbmLikelihood.Evaluate(model, images, logZ, Describe(testImages, StaticBinarizationWords));
        return new QualityScore(QualityMetric.AisNll, report.MeanNats, report.Likelihood.StandardError,
            string.Create(CultureInfo.InvariantCulture, $"{report.Likelihood.Description}; ±3σ of Ẑ gives {Units.Format(report.LowerNats, "F1")} … {Units.Format(report.UpperNats, "F1")} nats"));
    }

    /// <summary>
    /// FID-style score: the Fréchet distance between <paramref name="classifier"/>'s features of
    /// <paramref name="samples"/> and of as many test images (at most <paramref name="testImages"/>) encoded as
    /// <paramref name="reference"/>, in feature units².
    /// </summary>
    public static QualityScore Frechet(DigitClassifier classifier, Tensor samples, PixelEncoding reference, int testImages)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(samples);
        var count = (int)Math.Min(samples.shape[0], Math.Min(testImages, Mnist.TestCount));
        using var real = TestImages(reference, count);
        using var generated = samples.narrow(0, 0, count);
        var score = classifier.FrechetScore(real, generated);
        return new QualityScore(QualityMetric.Frechet, score, double.NaN,
            SampleDescription(count, reference));
    }

    /// <summary>
    /// FID-style score, KID and precision/recall (<see cref="SampleScores"/>) of <paramref name="samples"/> against as many
    /// test images (at most <paramref name="testImages"/>) encoded as <paramref name="reference"/>, from one computation of
    /// <paramref name="classifier"/>'s features of each set. KID is the mean over 50 subsets of half of each set
    /// (<see cref="KernelInceptionDistance.Subsets"/>, seeded with <paramref name="seed"/>); precision and recall use k = 3.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 8 samples: too few for the k-NN radii and the subsets.</exception>
    public static SampleScores Samples(DigitClassifier classifier, Tensor samples, PixelEncoding reference, int testImages, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(samples);
        var count = (int)Math.Min(samples.shape[0], Math.Min(testImages, Mnist.TestCount));
        if (count < 8)
        {
            throw new ArgumentException($"Sample scores need at least 8 samples and test images; got {count}.", nameof(samples));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var real = classifier.Features(TestImages(reference, count));                       // [n, 128]
        var generated = classifier.Features(samples.narrow(0, 0, count));                   // [n, 128]
        var frechet = new QualityScore(QualityMetric.Frechet, FrechetDistance.Compute(real, generated), double.NaN, SampleDescription(count, reference));
        var kid = KernelInceptionDistance.Subsets(real, generated, subsets: 50, subsetSize: count / 2, seed: seed);
        return new SampleScores(frechet, kid, PrecisionRecall.Compute(real, generated));
    }

    /// <summary>
    /// Perceptual path length of <paramref name="latent"/>'s generator (<see cref="PerceptualPathLength.Compute"/>): slerp
    /// between z₁, z₂ ~ N(0, I), ε = 10⁻⁴, the 1 %/99 % trim, squared distances of <paramref name="classifier"/>'s 128
    /// features over ε², from <paramref name="pairs"/> pairs drawn with <paramref name="seed"/>.
    /// </summary>
    public static PathLengthReport PathLength(DigitClassifier classifier, LatentGenerator latent, int pairs, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(latent);
        return PerceptualPathLength.Compute(latent.Generate, classifier.Features, latent.LatentSize, pairs, seed: seed);
    }

    /// <summary>"MNIST test split (the first 500 of 10,000 images), static binarization (seed 2008)".</summary>
    public static string Describe(int testImages, string encoding) =>
        string.Create(CultureInfo.InvariantCulture, $"MNIST test split ({(testImages >= Mnist.TestCount ? "all" : $"the first {testImages:N0} of")} 10,000 images), {encoding}");

    private static string StaticBinarizationWords =>
        string.Create(CultureInfo.InvariantCulture, $"static binarization (seed {StaticBinarization.Seed})");

    /// <summary>The first <paramref name="count"/> test images (2 to 10,000), encoded; the caller owns the tensor.</summary>
    private static Tensor TestImages(PixelEncoding encoding, int count)
    {
        count = Math.Clamp(count, 2, Mnist.TestCount);
        using var all = Mnist.Test.Images(encoding);
        return all.narrow(0, 0, count).clone();
    }

    /// <summary>"500 samples vs 500 test images (grey levels), features of the course's reference digit classifier".</summary>
    private static string SampleDescription(int count, PixelEncoding reference) => string.Create(CultureInfo.InvariantCulture,
        $"{count:N0} samples vs {count:N0} test images ({Encoding(reference)}), features of the course's reference digit classifier");

    private static string Encoding(PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.StaticBinary => "static binarization",
        PixelEncoding.Grey => "grey levels",
        _ => encoding.ToString(),
    };
}
