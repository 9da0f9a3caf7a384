using GenerativeCourse.Catalog;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>
/// Resuming is exact: every random draw of epoch k comes from (seed, k) or from state the checkpoint holds. Small
/// epochs (a few hundred images) keep the tests quick; the property does not depend on the epoch size.
/// </summary>
public sealed class TrainingSessionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gencourse-resume-").FullName;

    public TrainingSessionTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("made", 300)]     // Adam moments and step count
    [InlineData("vae", 300)]      // ε drawn from the epoch's generator
    [InlineData("realnvp", 200)]  // dequantization noise, gradient clipping
    [InlineData("cgan", 300)]     // two optimisers and the trainer's noise generator, which carries over epochs
    [InlineData("dcgan", 100)]    // batch-norm running statistics
    [InlineData("rbm", 300)]      // no optimiser: CD-5's Gibbs draws from the epoch's generator, ε decayed by epoch
    [InlineData("pixelcnn", 100)] // convolutions, batches of 50
    [InlineData("ddpm", 128)]     // label dropout, and the moving average of the weights beside Adam's state
    public void ResumedRunEndsWithTheWeightsOfAnUninterruptedRun(string name, int examplesPerEpoch)
    {
        var entry = ModelCatalog.Get(name);
        var settings = new RunSettings(Seed: 11, ExamplesPerEpoch: examplesPerEpoch);
        var path = Path.Combine(_folder, name + ".ckpt");

        using var uninterrupted = entry.Create(settings);
        TrainingSession.Run(uninterrupted, 3, Path.Combine(_folder, "straight.ckpt"), resume: false);

        using (var first = entry.Create(settings))
        {
            TrainingSession.Run(first, 2, path, resume: false);
        }

        using var resumed = entry.Create(settings);
        var outcome = TrainingSession.Run(resumed, 3, path, resume: true);

        Assert.Equal(2, outcome.ResumedFrom);
        Assert.Equal(3, resumed.CompletedEpochs);
        Assert.Equal(uninterrupted.TrainLoss, resumed.TrainLoss);
        AssertSameState(uninterrupted.Module, resumed.Module);
    }

    [Fact]
    public void TheValidationNllOfEveryEpochIsTheExactNllOfTheFirstValidationImagesAndSurvivesACheckpoint()
    {
        var entry = ModelCatalog.Get("fvsbn");
        var settings = new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 200);
        var path = Path.Combine(_folder, "fvsbn.ckpt");
        using var run = entry.Create(settings);
        TrainingSession.Run(run, 2, path, resume: false);
        using var images = GenerativeCourse.Data.Mnist.Validation.Images(GenerativeCourse.Data.PixelEncoding.StaticBinary).narrow(0, 0, run.ValidationImages);
        var exact = GenerativeCourse.Evaluation.Likelihood.Evaluate((GenerativeCourse.Models.IDensityModel)run.Module, images).MeanNats;

        using var restored = entry.Create(settings);
        restored.LoadCheckpoint(path);

        Assert.Equal(200, run.ValidationImages);   // the quick budget's
        Assert.Equal(2, run.ValidationLoss.Count);
        // The validation loss is −mean log p in float32 batches of 100, the reference sums in float64: 1e-3 nats.
        Assert.Equal(exact, run.ValidationLoss[^1], 1e-3);
        Assert.True(run.ValidationLoss[1] < run.ValidationLoss[0], $"{run.ValidationLoss[0]} then {run.ValidationLoss[1]}");
        Assert.Equal(run.ValidationLoss, restored.ValidationLoss);
    }

    [Fact]
    public void AVaeIsValidatedByItsNegativeElboEvenWhileTheKlWeightIsStillWarmingUp()
    {
        var recipe = Recipes.Vae;
        using var run = ModelCatalog.Get("vae").Create(new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 200));
        var model = (GenerativeCourse.Models.Latent.Vae)run.Module;
        Assert.True(model.KlWeight(run.StepsPerEpoch) < 0.5 * recipe.Options.Beta, "the test needs an epoch inside the warm-up");

        var report = run.TrainEpoch();

        using var images = GenerativeCourse.Data.Mnist.Validation.Images(GenerativeCourse.Data.PixelEncoding.StaticBinary).narrow(0, 0, run.ValidationImages);
        using var noise = new Generator(GenerativeCourse.Data.StaticBinarization.Seed);
        double elbo = 0;
        model.eval();
        using (no_grad())
        {
            // The same batches of 100 and the same stream of ε as the run's validation.
            for (long start = 0; start < images.shape[0]; start += run.BatchSize)
            {
                using var scope = NewDisposeScope();
                elbo += model.Elbo(images.narrow(0, start, run.BatchSize), noise).Value.sum().item<float>();
            }
        }

        // Identical arithmetic in float32 except for the order of the final sums: 1e-3 nats.
        Assert.Equal(-elbo / images.shape[0], report.Validation!.Value, 1e-3);
    }

    [Fact]
    public void AGanHasNoValidationLoss()
    {
        using var run = ModelCatalog.Get("cgan").Create(new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 100));

        var report = run.TrainEpoch();

        Assert.Null(report.Validation);
        Assert.True(double.IsNaN(Assert.Single(run.ValidationLoss)));
    }

    [Fact]
    public void CancellingKeepsTheCheckpointOfTheLastFinishedEpoch()
    {
        var entry = ModelCatalog.Get("made");
        var settings = new RunSettings(Seed: 3, ExamplesPerEpoch: 500);
        var path = Path.Combine(_folder, "made.ckpt");
        using var cancel = new CancellationTokenSource();
        using var run = entry.Create(settings);
        byte[]? afterFirstEpoch = null;

        var outcome = TrainingSession.Run(run, 5, path, resume: false, cancel.Token,
            stepProgress: step =>
            {
                if (step.Epoch == 2 && step.Step == 2)
                {
                    cancel.Cancel();
                }
            },
            epochProgress: _ => afterFirstEpoch ??= File.ReadAllBytes(path));

        Assert.True(outcome.Cancelled);
        Assert.Equal(1, outcome.CompletedEpochs);
        Assert.Equal(1, Checkpoint.ReadMetadata(path).Epoch);
        Assert.Equal(afterFirstEpoch, File.ReadAllBytes(path));
    }

    [Fact]
    public void ResumingFromADamagedCheckpointFailsAndLeavesIt()
    {
        var entry = ModelCatalog.Get("fvsbn");
        var settings = new RunSettings(Seed: 3, ExamplesPerEpoch: 200);
        var path = Path.Combine(_folder, "fvsbn.ckpt");
        using (var run = entry.Create(settings))
        {
            TrainingSession.Run(run, 1, path, resume: false);
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        using var again = entry.Create(settings);

        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Run(again, 2, path, resume: true));
        Assert.Contains("damaged", error.Problem, StringComparison.Ordinal);
        Assert.Equal(bytes[..^10], File.ReadAllBytes(path));
    }

    [Fact]
    public void CheckpointOfAnotherModelOrSeedIsRejected()
    {
        var path = Path.Combine(_folder, "fvsbn-default.ckpt");
        using (var run = ModelCatalog.Get("fvsbn").Create(new RunSettings(Seed: 3, ExamplesPerEpoch: 100)))
        {
            TrainingSession.Run(run, 1, path, resume: false);
        }

        using var nade = ModelCatalog.Get("nade").Create(new RunSettings(Seed: 3, ExamplesPerEpoch: 100));
        using var otherSeed = ModelCatalog.Get("fvsbn").Create(new RunSettings(Seed: 4, ExamplesPerEpoch: 100));

        Assert.Contains("holds the model 'fvsbn', expected 'nade'", Assert.Throws<CheckpointException>(() => nade.LoadCheckpoint(path)).Problem, StringComparison.Ordinal);
        Assert.Contains("--seed 3", Assert.Throws<CheckpointException>(() => otherSeed.LoadCheckpoint(path)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrTrainUsesAFinishedCheckpointInsteadOfTrainingAndSaysSo()
    {
        var entry = ModelCatalog.Get("fvsbn");
        var settings = new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 100);
        using var trained = entry.Create(settings);
        var first = TrainingSession.LoadOrTrain(trained, _folder);
        using var loaded = entry.Create(settings);
        var second = TrainingSession.LoadOrTrain(loaded, _folder, epochProgress: _ => Assert.Fail("nothing should be trained"));

        Assert.Equal(2, trained.CompletedEpochs);   // the quick budget's epochs
        Assert.StartsWith("Trained fvsbn (quick profile) here for 2 epochs; checkpoint saved to", first, StringComparison.Ordinal);
        Assert.StartsWith($"Loaded fvsbn (quick profile) from {Path.Combine(_folder, "fvsbn-quick.ckpt")}: 2 epochs, seed 3; not trained here", second, StringComparison.Ordinal);
        AssertSameState(trained.Module, loaded.Module);
    }

    [Fact]
    public void LoadOrTrainReportsEveryStepItTrainsAndNoneWhenItLoads()
    {
        var entry = ModelCatalog.Get("dcgan");
        var settings = new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 300);
        var steps = new List<(int Epoch, int Step)>();
        using var trained = (AdversarialRun)entry.Create(settings);
        TrainingSession.LoadOrTrain(trained, _folder, stepProgress: report => steps.Add((report.Epoch, report.Step)));
        using var loaded = (AdversarialRun)entry.Create(settings);
        TrainingSession.LoadOrTrain(loaded, _folder, stepProgress: _ => Assert.Fail("nothing should be trained"));

        // The quick budget's 2 epochs of 300 images in batches of 100: 3 steps each, in order.
        Assert.Equal([(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)], steps);
        Assert.Equal(Enumerable.Range(1, 6), trained.History.Steps.Select(s => s.Step));
        Assert.Empty(loaded.History.Steps);
    }

    [Fact]
    public void LoadOrTrainRetrainsOverACheckpointOfAnotherRecipeAndSaysWhy()
    {
        var entry = ModelCatalog.Get("fvsbn");
        using (var smaller = entry.Create(new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 100)))
        {
            TrainingSession.LoadOrTrain(smaller, _folder);
        }

        using var run = entry.Create(new RunSettings(Profile.Quick, Seed: 3, ExamplesPerEpoch: 200));
        var message = TrainingSession.LoadOrTrain(run, _folder);

        Assert.StartsWith("Trained fvsbn (quick profile) here for 2 epochs (the old checkpoint was of another recipe)", message, StringComparison.Ordinal);
        Assert.Equal(run.OptionsText, Checkpoint.ReadMetadata(run.CheckpointPath(_folder)).Options);
    }

    private static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys)
        {
            Assert.True(BitIdentical(a[key], b[key]), $"{key} differs between the resumed and the uninterrupted run");
        }
    }

    /// <summary>Same shape and every element equal (NaN never equals itself, so a NaN fails too).</summary>
    private static bool BitIdentical(Tensor a, Tensor b)
    {
        using var equal = a.eq(b).all();
        return a.shape.SequenceEqual(b.shape) && equal.item<bool>();
    }
}
