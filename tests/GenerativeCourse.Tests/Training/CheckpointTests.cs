using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gencourse-checkpoint-").FullName;

    public CheckpointTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RoundTripRestoresParametersAdamMomentsAndGeneratorStateExactly()
    {
        var path = Path.Combine(_folder, "mlp.ckpt");
        using var parts1 = Trained(seed: 1, steps: 3);
        var (model, optimizer, generator) = parts1;
        Checkpoint.Save(path, Metadata("mlp", epoch: 3), model, [optimizer], [generator]);

        using var parts2 = Trained(seed: 2, steps: 0);
        var (restored, restoredOptimizer, restoredGenerator) = parts2;
        var metadata = Checkpoint.Load(path, "mlp", "Linear(4, 3)", restored, [restoredOptimizer], [restoredGenerator]);

        Assert.Equal(3, metadata.Epoch);
        Assert.Equal([1.5, 1.25, 1.0], metadata.TrainLoss);
        foreach (var (original, copy) in model.parameters().Zip(restored.parameters()))
        {
            Assert.True(BitIdentical(original, copy), "parameters must be bit-identical");
        }

        // Adam's moments and step count: the same step from the same state gives bit-identical parameters.
        Step(model, optimizer, generator);
        Step(restored, restoredOptimizer, restoredGenerator);
        foreach (var (original, copy) in model.parameters().Zip(restored.parameters()))
        {
            Assert.True(BitIdentical(original, copy), "one more Adam step must agree bit for bit");
        }
    }

    [Fact]
    public void DamagedFileGivesItsOwnErrorAndIsLeftAsItWas()
    {
        var path = Path.Combine(_folder, "mlp.ckpt");
        using var parts3 = Trained(seed: 1, steps: 1);
        var (model, optimizer, generator) = parts3;
        Checkpoint.Save(path, Metadata("mlp", epoch: 1), model, [optimizer], [generator]);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        using var parts4 = Trained(seed: 2, steps: 0);
        var (other, otherOptimizer, otherGenerator) = parts4;
        using var before = other.parameters().First().clone();
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, "mlp", "Linear(4, 3)", other, [otherOptimizer], [otherGenerator]));

        Assert.Equal(path, error.Path);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.True(BitIdentical(before, other.parameters().First()), "a failed load must not touch the model");
    }

    [Fact]
    public void TruncatedFileAndForeignFileAreNamedAsSuch()
    {
        var path = Path.Combine(_folder, "mlp.ckpt");
        using var parts5 = Trained(seed: 1, steps: 1);
        var (model, optimizer, generator) = parts5;
        Checkpoint.Save(path, Metadata("mlp", epoch: 1), model, [optimizer], [generator]);
        var truncated = Path.Combine(_folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..200]);
        var foreign = Path.Combine(_folder, "notes.ckpt");
        File.WriteAllText(foreign, "not a checkpoint at all, but long enough to have a hash-sized tail");

        Assert.Contains("damaged", Assert.Throws<CheckpointException>(() => Checkpoint.ReadMetadata(truncated)).Problem, StringComparison.Ordinal);
        Assert.Contains("not a GenerativeCourse checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.ReadMetadata(foreign)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointOfAnotherModelOrOtherOptionsIsRejectedWithBothNames()
    {
        var path = Path.Combine(_folder, "mlp.ckpt");
        using var parts6 = Trained(seed: 1, steps: 1);
        var (model, optimizer, generator) = parts6;
        Checkpoint.Save(path, Metadata("mlp", epoch: 1), model, [optimizer], [generator]);

        var wrongModel = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, "nade", "Linear(4, 3)", model, [optimizer], [generator]));
        var wrongOptions = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, "mlp", "Linear(4, 5)", model, [optimizer], [generator]));

        Assert.Contains("'mlp', expected 'nade'", wrongModel.Problem, StringComparison.Ordinal);
        Assert.Contains("Linear(4, 3)", wrongOptions.Problem, StringComparison.Ordinal);
        Assert.Contains("Linear(4, 5)", wrongOptions.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SavingOverAnExistingCheckpointLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(_folder, "sub", "mlp.ckpt");
        using var parts7 = Trained(seed: 1, steps: 1);
        var (model, optimizer, generator) = parts7;
        Checkpoint.Save(path, Metadata("mlp", epoch: 1), model, [optimizer], [generator]);
        Checkpoint.Save(path, Metadata("mlp", epoch: 2), model, [optimizer], [generator]);

        Assert.Equal(2, Checkpoint.ReadMetadata(path).Epoch);
        Assert.Equal(["mlp.ckpt"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    private static CheckpointMetadata Metadata(string model, int epoch) =>
        new(model, "Linear(4, 3)", 7, epoch, new[] { 1.5, 1.25, 1.0 }[..Math.Min(3, epoch)], CheckpointMetadata.CurrentLibraryVersion, DateTimeOffset.UnixEpoch);

    /// <summary>A seeded linear layer after <paramref name="steps"/> Adam steps on noise from its own generator.</summary>
    private static Parts Trained(ulong seed, int steps)
    {
        using var init = new torch.Generator(seed);
        var model = nn.Linear(4, 3);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.uniform_(-1, 1, init);
            }
        }

        var optimizer = optim.Adam(model.parameters(), 0.01);
        var generator = new torch.Generator(seed + 100);
        for (var i = 0; i < steps; i++)
        {
            Step(model, optimizer, generator);
        }

        return new Parts(model, optimizer, generator);
    }

    private static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, torch.Generator generator)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        model.forward(randn([8, 4], generator: generator)).square().mean().backward();
        optimizer.step();
    }

    private sealed record Parts(nn.Module<Tensor, Tensor> Model, optim.Optimizer Optimizer, torch.Generator Generator) : IDisposable
    {
        public void Dispose()
        {
            Model.Dispose();
            Optimizer.Dispose();
            Generator.Dispose();
        }
    }

    /// <summary>Same shape and every element equal (NaN never equals itself, so a NaN fails too).</summary>
    private static bool BitIdentical(Tensor a, Tensor b)
    {
        using var equal = a.eq(b).all();
        return a.shape.SequenceEqual(b.shape) && equal.item<bool>();
    }
}
