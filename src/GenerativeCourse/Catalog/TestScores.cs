using System.Globalization;
using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Models.Latent;
using GenerativeCourse.Probability;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// The test-split numbers of the catalogue: exact NLL, the IWAE bound, bits per dimension of dequantized bytes, and
/// the FID-style score; all on the first <see cref="EvaluationSettings.TestImages"/> images of the MNIST test split
/// (<see cref="Mnist.Test"/>), with the evaluation's own seeded noise, so they repeat exactly.
/// </summary>
public static class TestScores
{
    /// <summary>
    /// The course's reference digit classifier, whose 128 features every FID-style score compares:
    /// <see cref="DigitClassifier.Reference"/> in the repository's <c>artifacts/checkpoints</c>
    /// (<see cref="CheckpointFolder.Default"/>), loaded from its checkpoint or trained once
    /// (<see cref="DigitClassifierRecipe.Reference"/>) and saved there, whichever folder a bench run keeps its models in.
    /// </summary>
    public static DigitClassifier FeatureClassifier => DigitClassifier.Reference(CheckpointFolder.Default);

    /// <summary>Exact NLL in nats per image on statically binarized test images.</summary>
    /// <param name="model">The density model.</param>
    /// <param name="settings">How many test images.</param>
    /// <param name="batchSize">Images per forward pass: smaller for models with large activations (a PixelCNN's
    /// feature maps are channels × 28 × 28 per image and layer).</param>
    public static QualityScore ExactNll(IDensityModel model, EvaluationSettings settings, int batchSize = 500)
    {
        using var images = TestImages(PixelEncoding.StaticBinary, settings);
        var report = Likelihood.Evaluate(model, images, Describe(settings, $"static binarization (seed {StaticBinarization.Seed})"), batchSize);
        return new QualityScore(QualityMetric.ExactNll, report.MeanNats, report.StandardError, report.Description);
    }

    /// <summary>
    /// An RBM's test NLL in nats per image, <b>estimated</b>: −F(x) exactly, log Z by annealed importance sampling
    /// (<see cref="EvaluationSettings.AisRuns"/> runs × <see cref="EvaluationSettings.AisTemperatures"/> temperatures,
    /// base-rate model fitted to the statically binarized training split, seeded by <see cref="EvaluationSettings.Seed"/>).
    /// The description gives the NLL at the ends of the ±3σ̂ interval of log Ẑ.
    /// </summary>
    public static QualityScore AisNll(Rbm model, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        using var images = TestImages(PixelEncoding.StaticBinary, settings);
        using var train = Mnist.Train.Images(PixelEncoding.StaticBinary);
        using var baseRate = AnnealedImportanceSampling.BaseRateBias(train);   // [784]
        using var generator = new torch.Generator(settings.Seed);
        var logZ = AnnealedImportanceSampling.Estimate(model, baseRate, settings.AisRuns, settings.AisTemperatures, generator);
        var report = RbmLikelihood.Evaluate(model, images, logZ, Describe(settings, $"static binarization (seed {StaticBinarization.Seed})"));
        return new QualityScore(QualityMetric.AisNll, report.MeanNats, report.Likelihood.StandardError,
            string.Create(CultureInfo.InvariantCulture, $"{report.Likelihood.Description}; ±3σ of log Ẑ gives {report.LowerNats:F1} … {report.UpperNats:F1} nats"));
    }

    /// <summary>−IWAE-k (Burda et al. 2016), an upper bound on the NLL, nats per image, statically binarized test images.</summary>
    public static QualityScore Iwae(Vae model, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var images = TestImages(PixelEncoding.StaticBinary, settings);
        using var generator = new torch.Generator(settings.Seed);
        var values = new List<double>();
        for (long start = 0; start < images.shape[0]; start += 10)
        {
            using var scope = NewDisposeScope();
            var batch = images.narrow(0, start, Math.Min(10, images.shape[0] - start));
            values.AddRange(model.ImportanceWeightedLogProb(batch, settings.ImportanceSamples, generator).to_type(ScalarType.Float64).data<double>().Select(v => -v));
        }

        var (mean, error) = MeanAndError(values);
        return new QualityScore(QualityMetric.IwaeNll, mean, error,
            string.Create(CultureInfo.InvariantCulture, $"IWAE-{settings.ImportanceSamples}; ") + Describe(settings, $"static binarization (seed {StaticBinarization.Seed})"));
    }

    /// <summary>
    /// Bits per dimension of the 8-bit test images under a flow in logit space, with one uniform dequantization draw
    /// per image (<see cref="Dequantization.LogProbOfBytes"/>): an upper bound in expectation.
    /// </summary>
    public static QualityScore BitsPerDimension(IDensityModel logitSpaceModel, LogitTransform logit, EvaluationSettings settings)
    {
        using var images = TestImages(PixelEncoding.Raw, settings);
        using var generator = new torch.Generator(settings.Seed);
        var values = new List<double>();
        for (long start = 0; start < images.shape[0]; start += 100)
        {
            using var scope = NewDisposeScope();
            var batch = images.narrow(0, start, Math.Min(100, images.shape[0] - start));
            var logProb = Dequantization.LogProbOfBytes(logitSpaceModel, logit, batch, generator);
            values.AddRange(Units.BitsPerDimension(-logProb, logit.Dimensions).to_type(ScalarType.Float64).data<double>().ToArray());
        }

        var (mean, error) = MeanAndError(values);
        return new QualityScore(QualityMetric.BitsPerDimension, mean, error, Describe(settings, $"8-bit grey levels, uniform dequantization (seed {settings.Seed})"));
    }

    /// <summary>
    /// FID-style score: the Fréchet distance between the <see cref="FeatureClassifier"/> features of
    /// <paramref name="samples"/> and of as many test images encoded as <paramref name="reference"/>.
    /// </summary>
    public static QualityScore Frechet(Tensor samples, PixelEncoding reference, EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var count = (int)Math.Min(samples.shape[0], Math.Min(settings.TestImages, Mnist.TestCount));
        using var real = TestImages(reference, settings with { TestImages = count });
        using var generated = samples.narrow(0, 0, count);
        var score = FeatureClassifier.FrechetScore(real, generated);
        return new QualityScore(QualityMetric.Frechet, score, double.NaN,
            string.Create(CultureInfo.InvariantCulture, $"{count:N0} samples vs {count:N0} test images ({Encoding(reference)}), features of the course's reference digit classifier"));
    }

    private static Tensor TestImages(PixelEncoding encoding, EvaluationSettings settings)
    {
        var count = Math.Clamp(settings.TestImages, 2, Mnist.TestCount);
        using var all = Mnist.Test.Images(encoding);
        return all.narrow(0, 0, count).clone();
    }

    private static string Describe(EvaluationSettings settings, string encoding) =>
        string.Create(CultureInfo.InvariantCulture, $"MNIST test split ({(settings.TestImages >= Mnist.TestCount ? "all" : $"the first {settings.TestImages:N0} of")} 10,000 images), {encoding}");

    private static string Encoding(PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.StaticBinary => "static binarization",
        PixelEncoding.Grey => "grey levels",
        _ => encoding.ToString(),
    };

    private static (double Mean, double StandardError) MeanAndError(List<double> values)
    {
        var mean = values.Average();
        var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return (mean, Math.Sqrt(variance / values.Count));
    }
}
