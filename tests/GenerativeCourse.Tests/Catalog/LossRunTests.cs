using GenerativeCourse.Catalog;
using GenerativeCourse.Data;
using GenerativeCourse.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>The step a <see cref="LossRun"/> gives its loss drives schedules such as the VAE's KL warm-up.</summary>
public sealed class LossRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gencourse-lossrun-").FullName;

    public LossRunTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheLossSeesTheStepCountedOverTheWholeRunAcrossACheckpointAndNoStepInValidation()
    {
        var settings = new RunSettings(Profile.Quick, Seed: 5, ExamplesPerEpoch: 200);   // 2 steps of 100 per epoch
        var path = Path.Combine(_folder, "run.ckpt");
        var seen = new List<long?>();
        using (var run = Create(settings, seen))
        {
            run.TrainEpoch();
            run.SaveCheckpoint(path);
            run.TrainEpoch();
        }

        var resumedSeen = new List<long?>();
        using (var resumed = Create(settings, resumedSeen))
        {
            resumed.LoadCheckpoint(path);
            resumed.TrainEpoch();
        }

        // Epoch 1: steps 1 and 2, then validation on the quick budget's 200 images in 2 batches, without a step.
        Assert.Equal(new long?[] { 1, 2, null, null, 3, 4, null, null }, seen);
        // A run resumed after epoch 1 continues at step 3, exactly as the uninterrupted run did.
        Assert.Equal(new long?[] { 3, 4, null, null }, resumedSeen);
    }

    private static LossRun Create(RunSettings settings, List<long?> seen)
    {
        var entry = ModelCatalog.Get("fvsbn");
        var model = new Fvsbn(new FvsbnOptions(Mnist.PixelsPerImage));
        return new LossRun(entry, settings, model,
            (x, step) => { seen.Add(step.Step); return -model.LogProb(x).mean(); },
            PixelEncoding.DynamicBinary,
            model.Sample,
            _ => throw new NotSupportedException("not scored in this test"),
            flopsPerExample: 0,
            Recipes.Fvsbn.Optimiser);
    }
}
