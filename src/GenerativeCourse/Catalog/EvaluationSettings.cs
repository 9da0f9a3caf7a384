namespace GenerativeCourse.Catalog;

/// <summary>How much work scoring a model may take.</summary>
/// <param name="TestImages">Images of the MNIST test split to score, the first ones of the 10,000 (all of them by default).</param>
/// <param name="ImportanceSamples">k of the IWAE bound for latent-variable models (5,000 for the reported number).</param>
/// <param name="Samples">Images drawn from the model for the FID-style score and the sampling speed.</param>
/// <param name="AisRuns">Independent AIS runs of an RBM's log Z estimate (Salakhutdinov &amp; Murray 2008 use 100).</param>
/// <param name="AisTemperatures">Intermediate distributions of each AIS run (the paper: 14,500). 1,000 keeps an
/// in-process comparison (chapter 06) to a few seconds per RBM; <see cref="Full"/> uses 10,000 (under half a minute on
/// two cores for 100 runs of a 784 × 500 RBM: 2 × 10⁴ products of [100 × 784] · [784 × 500], 1.6 TFLOP).</param>
/// <param name="BoundStrata">Steps drawn per image, one in each of this many strata of 2…T, to estimate a DDPM's
/// variational bound (<see cref="Evaluation.TestSplitScores.DiffusionBound"/>): each costs a network pass per test image.</param>
/// <param name="PathLengthPairs">Latent pairs of the perceptual path length of models with a latent generator (the
/// paper: 100,000; its 1 %/99 % trim needs a few hundred at least).</param>
/// <param name="Seed">Seed of the evaluation's own noise (dequantization, importance samples, samples).</param>
public sealed record EvaluationSettings(int TestImages = Data.Mnist.TestCount, int ImportanceSamples = 5000, int Samples = 1000, int AisRuns = 100, int AisTemperatures = 1_000, int BoundStrata = 2, int PathLengthPairs = 2000, ulong Seed = Data.StaticBinarization.Seed)
{
    /// <summary>Reported numbers: the whole test split, IWAE-5000, 1,000 samples, AIS with 100 runs × 10,000 temperatures,
    /// a DDPM's bound from 50 steps per image.</summary>
    public static EvaluationSettings Full { get; } = new(AisTemperatures: 10_000, BoundStrata: 50, PathLengthPairs: 20_000);

    /// <summary>
    /// A chapter's numbers: the whole test split, IWAE-200 (IWAE-1000 on 10,000 images took over 3 minutes on two
    /// cores; the bound is looser than IWAE-5000's, so the VAE looks a little worse, never better), 500 samples (the
    /// DDPM's DDIM sampler draws 500 in about 20 s, and every sample score of one table needs the same n), AIS
    /// with 100 runs × 1,000 temperatures, a DDPM's bound from 2 steps per image (10,000 × 3 network passes, about half a
    /// minute on two cores).
    /// </summary>
    public static EvaluationSettings Default { get; } = new(ImportanceSamples: 200, Samples: 500);

    /// <summary>The tests: 500 test images, IWAE-100, 500 samples, AIS with 20 runs × 500 temperatures, 2 bound steps. Not results.</summary>
    public static EvaluationSettings Quick { get; } = new(500, 100, 500, AisRuns: 20, AisTemperatures: 500, BoundStrata: 2, PathLengthPairs: 200);

    /// <summary>The settings of <paramref name="profile"/>.</summary>
    public static EvaluationSettings For(Profile profile) => profile switch
    {
        Profile.Quick => Quick,
        Profile.Default => Default,
        _ => Full,
    };
}
