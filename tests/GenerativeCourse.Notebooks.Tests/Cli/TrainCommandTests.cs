using GenerativeCourse.Training;

namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary><c>gencourse train</c> parses its arguments, trains through the library and reports checkpoints and errors.</summary>
[Collection(InProcessTorchCollection.Name)]
public sealed class TrainCommandTests
{
    [Fact]
    public async Task TrainsWritesACheckpointPerEpochAndResumesToTheNextEpoch()
    {
        using var temp = new Fixture.TempDirectory();
        var folder = temp.File("checkpoints");

        var (first, firstOutput) = await CommandLine.RunAsync("train", "fvsbn", "--epochs", "1", "--examples-per-epoch", "200", "--seed", "5", "--out", folder);
        var (second, secondOutput) = await CommandLine.RunAsync("train", "fvsbn", "--epochs", "2", "--examples-per-epoch", "200", "--seed", "5", "--out", folder, "--resume");

        Assert.True(first == 0, firstOutput);
        Assert.True(second == 0, secondOutput);
        Assert.Contains("epoch   1", firstOutput);
        Assert.Contains($"Resuming from {Path.Combine(folder, "fvsbn-default.ckpt")} (epoch 1)", secondOutput);
        Assert.Contains("epoch   2", secondOutput);
        Assert.DoesNotContain("epoch   1 ", secondOutput);
        var metadata = Checkpoint.ReadMetadata(Path.Combine(folder, "fvsbn-default.ckpt"));
        Assert.Equal(("fvsbn", 2, 5UL), (metadata.Model, metadata.Epoch, metadata.Seed));
        Assert.Equal(2, metadata.TrainLoss.Count);
    }

    [Fact]
    public async Task UnknownModelIsBadUsageAndListsTheModels()
    {
        var (exitCode, output) = await CommandLine.RunAsync("train", "pixelgan");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown model 'pixelgan'. Known models: fvsbn, nade, made, vae, dcgan, cgan, realnvp, maf, rbm, pixelcnn, ddpm.", output);
    }

    [Fact]
    public async Task DamagedCheckpointIsBadUsageAndIsKept()
    {
        using var temp = new Fixture.TempDirectory();
        Directory.CreateDirectory(temp.File("checkpoints"));
        var path = temp.File("checkpoints/made-default.ckpt");
        File.WriteAllText(path, "half a checkpoint, cut off when the disk filled up");

        var (exitCode, output) = await CommandLine.RunAsync("train", "made", "--out", temp.File("checkpoints"), "--resume");

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {path}: not a GenerativeCourse checkpoint", output);
        Assert.Equal("half a checkpoint, cut off when the disk filled up", File.ReadAllText(path));
    }

    [Fact]
    public async Task CancelledBeforeTheFirstEpochEndsWritesNoCheckpoint()
    {
        using var temp = new Fixture.TempDirectory();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var (exitCode, output) = await CommandLine.RunAsync(cancelled.Token, "train", "made", "--examples-per-epoch", "200", "--out", temp.File("checkpoints"));

        Assert.Equal(130, exitCode);
        Assert.Contains("Stopped before the first epoch finished; no checkpoint was written.", output);
        Assert.False(File.Exists(temp.File("checkpoints/made-default.ckpt")));
    }

    [Fact]
    public async Task TheProfileSetsTheBudgetAndNamesTheCheckpoint()
    {
        using var temp = new Fixture.TempDirectory();
        var folder = temp.File("checkpoints");

        var (exitCode, output) = await CommandLine.RunAsync("train", "fvsbn", "--profile", "quick", "--examples-per-epoch", "100", "--out", folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains("quick profile", output);
        Assert.Equal(2, Checkpoint.ReadMetadata(Path.Combine(folder, "fvsbn-quick.ckpt")).Epoch);
        Assert.False(File.Exists(Path.Combine(folder, "fvsbn-default.ckpt")));
    }
}
