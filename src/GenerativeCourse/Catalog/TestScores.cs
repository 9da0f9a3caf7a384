using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Models.Latent;
using GenerativeCourse.Training;
using static TorchSharp.torch;

namespace GenerativeCourse.Catalog;

/// <summary>
/// The catalogue's test-split numbers: <see cref="TestSplitScores"/> (where the scoring lives) with the amounts of an
/// <see cref="EvaluationSettings"/>, and the one feature network of the FID-style score. Exact NLL, the IWAE bound and
/// the AIS estimate in nats per image on the static binarization (seed 2008), bits per dimension of dequantized bytes;
/// all on the first <see cref="EvaluationSettings.TestImages"/> images of the MNIST test split, with the evaluation's
/// own seeded noise, so they repeat exactly.
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

    /// <summary>Exact NLL in nats per image on statically binarized test images (<see cref="TestSplitScores.ExactNll"/>).</summary>
    /// <param name="model">The density model.</param>
    /// <param name="settings">How many test images.</param>
    /// <param name="batchSize">Images per forward pass (memory only).</param>
    public static QualityScore ExactNll(IDensityModel model, EvaluationSettings settings, int batchSize = 500) =>
        TestSplitScores.ExactNll(model, Settings(settings).TestImages, batchSize);

    /// <summary>An RBM's test NLL, estimated with AIS (<see cref="TestSplitScores.AisNll"/>): the settings' runs, temperatures and seed.</summary>
    public static QualityScore AisNll(Rbm model, EvaluationSettings settings) =>
        TestSplitScores.AisNll(model, Settings(settings).TestImages, settings.AisRuns, settings.AisTemperatures, settings.Seed);

    /// <summary>−IWAE-k with k = <see cref="EvaluationSettings.ImportanceSamples"/> (<see cref="TestSplitScores.Iwae"/>).</summary>
    public static QualityScore Iwae(Vae model, EvaluationSettings settings) =>
        TestSplitScores.Iwae(model, Settings(settings).TestImages, settings.ImportanceSamples, settings.Seed);

    /// <summary>Bits per dimension of dequantized test bytes under a flow in logit space (<see cref="TestSplitScores.BitsPerDimension"/>).</summary>
    public static QualityScore BitsPerDimension(IDensityModel logitSpaceModel, LogitTransform logit, EvaluationSettings settings) =>
        TestSplitScores.BitsPerDimension(logitSpaceModel, logit, Settings(settings).TestImages, settings.Seed);

    /// <summary>
    /// FID-style score: the Fréchet distance between the <see cref="FeatureClassifier"/> features of
    /// <paramref name="samples"/> and of as many test images encoded as <paramref name="reference"/> (<see cref="TestSplitScores.Frechet"/>).
    /// </summary>
    public static QualityScore Frechet(Tensor samples, PixelEncoding reference, EvaluationSettings settings) =>
        TestSplitScores.Frechet(FeatureClassifier, samples, reference, Settings(settings).TestImages);

    /// <summary>FID-style, KID and precision/recall of <paramref name="samples"/> against as many test images encoded as
    /// <paramref name="reference"/>, in the <see cref="FeatureClassifier"/>'s features (<see cref="TestSplitScores.Samples"/>).</summary>
    public static SampleScores Samples(Tensor samples, PixelEncoding reference, EvaluationSettings settings) =>
        TestSplitScores.Samples(FeatureClassifier, samples, reference, Settings(settings).TestImages, settings.Seed);

    /// <summary>Perceptual path length of <paramref name="latent"/> from <see cref="EvaluationSettings.PathLengthPairs"/>
    /// pairs in the <see cref="FeatureClassifier"/>'s features (<see cref="TestSplitScores.PathLength"/>).</summary>
    public static PathLengthReport PathLength(LatentGenerator latent, EvaluationSettings settings) =>
        TestSplitScores.PathLength(FeatureClassifier, latent, Settings(settings).PathLengthPairs, settings.Seed);

    private static EvaluationSettings Settings(EvaluationSettings settings) => settings ?? throw new ArgumentNullException(nameof(settings));
}
