using GenerativeCourse.Catalog;
using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>
/// Early stopping on a scripted validation curve: a run whose one weight equals the number of the epoch that last
/// trained it, so the weight says which epoch's model was kept.
/// </summary>
public sealed class EarlyStoppingTests : IDisposable
{
    // Best 3.0 at epoch 3; epochs 4, 5, 6 do not improve, so patience 3 stops after epoch 6 (epoch 7 would improve).
    private static readonly double[] Curve = [5, 4, 3, 3.5, 3.2, 3.1, 2, 1, 0.5, 0.2];

    private readonly string _folder = Directory.CreateTempSubdirectory("gencourse-earlystop-").FullName;

    public EarlyStoppingTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheBestEpochIsTheFirstLowestAndTheRuleStopsAfterPatienceEpochsWithoutImprovement()
    {
        var rule = new EarlyStopping(Patience: 3);

        Assert.Equal(3, EarlyStopping.BestEpoch([5, 4, 3, 3, 3.5]));            // a tie is no improvement
        Assert.False(rule.ShouldStop([5, 4, 3, 3.5, 3.2]));                      // 2 epochs since the best
        Assert.True(rule.ShouldStop([5, 4, 3, 3.5, 3.2, 3.1]));                  // 3
        Assert.Equal("no improvement for 2 of 3 epochs (best: epoch 3)", rule.Describe([5, 4, 3, 3.5, 3.2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0));
        Assert.Contains("epoch 2 has none", Assert.Throws<InvalidOperationException>(() => EarlyStopping.BestEpoch([1, double.NaN])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingStopsAfterPatienceEpochsAndSavesTheBestEpochsModel()
    {
        var entry = new ScriptedEntry(new Budget(Epochs: 10, EarlyStopping: new(Patience: 3)));
        var path = Path.Combine(_folder, "run.ckpt");
        using var run = entry.Create(new RunSettings());

        var outcome = TrainingSession.Run(run, run.Epochs, path, resume: false);

        Assert.Equal(6, outcome.CompletedEpochs);
        Assert.Equal(3, outcome.BestEpoch);
        Assert.Equal(3, ScriptedRun.Weight(run));                                // epoch 3's model, not epoch 6's
        Assert.Equal("best validation so far", outcome.Epochs[2].Note);
        Assert.Equal("stopping: 3 epochs without improvement, best validation at epoch 3", outcome.Epochs[5].Note);
        Assert.Contains("stopped at epoch 6, best validation at epoch 3", outcome.EarlyStoppingWords, StringComparison.Ordinal);
        var metadata = Checkpoint.ReadMetadata(path);
        Assert.Equal((6, 3), (metadata.Epoch, metadata.BestEpoch));
        Assert.Equal(Curve.Take(6), metadata.Validation!);
        Assert.False(File.Exists(ModelRun.BestWeightsPath(path)), "the checkpoint itself holds the best weights once finished");

        using var loaded = entry.Create(new RunSettings());
        loaded.LoadCheckpoint(path);
        Assert.Equal(3, ScriptedRun.Weight(loaded));
        Assert.True(loaded.ShouldStop);
        Assert.Throws<InvalidOperationException>(() => loaded.TrainEpoch());
    }

    [Fact]
    public void AtTheEndOfTheBudgetTheBestEpochIsKeptEvenWithoutAStop()
    {
        var entry = new ScriptedEntry(new Budget(Epochs: 4, EarlyStopping: new(Patience: 3)));
        using var run = entry.Create(new RunSettings());

        var outcome = TrainingSession.Run(run, run.Epochs, Path.Combine(_folder, "short.ckpt"), resume: false);

        Assert.Equal((4, 3), (outcome.CompletedEpochs, outcome.BestEpoch));     // 4 − 3 < patience: no stop
        Assert.Equal(3, ScriptedRun.Weight(run));
    }

    [Fact]
    public void AResumedRunKeepsTheBestWeightsOfBeforeTheInterruptionAndAFinishedRunIsNotTrainedAgain()
    {
        var entry = new ScriptedEntry(new Budget(Epochs: 10, EarlyStopping: new(Patience: 3)));
        var path = Path.Combine(_folder, "resumed.ckpt");
        using (var first = entry.Create(new RunSettings()))
        {
            var part = TrainingSession.Run(first, 5, path, resume: false);          // fewer than the budget: unfinished
            Assert.Null(part.BestEpoch);
            Assert.Equal(5, ScriptedRun.Weight(first));
        }

        Assert.Equal(3, Checkpoint.ReadMetadata(ModelRun.BestWeightsPath(path)).Epoch);

        using var resumed = entry.Create(new RunSettings());
        var outcome = TrainingSession.Run(resumed, resumed.Epochs, path, resume: true);

        Assert.Equal((5, 6, 3), (outcome.ResumedFrom, outcome.CompletedEpochs, outcome.BestEpoch));
        Assert.Single(outcome.Epochs);                                              // epoch 6, then the stop
        Assert.Equal(3, ScriptedRun.Weight(resumed));                               // epoch 3's, from the file beside

        using var again = entry.Create(new RunSettings());
        var loaded = TrainingSession.Run(again, again.Epochs, path, resume: true);
        Assert.Equal((0, 6, 3), (loaded.Epochs.Count, loaded.CompletedEpochs, loaded.BestEpoch));
        Assert.Equal(3, ScriptedRun.Weight(again));
    }

    [Fact]
    public void OnlyTheFullBudgetsOfTheLongRunsHaveARuleAndABudgetWithoutOneKeepsTheRecipesText()
    {
        var withRule = ModelCatalog.All.Where(e => e.Recipe.Budgets.Full.EarlyStopping is not null).Select(e => e.Name);
        Assert.Equal(["fvsbn", "nade", "made", "vae"], withRule);
        Assert.All(ModelCatalog.All, e => Assert.Null(e.Recipe.Budgets.Default.EarlyStopping));
        Assert.All(ModelCatalog.All, e => Assert.Null(e.Recipe.Budgets.Quick.EarlyStopping));

        // The default checkpoints were written with the recipe's text alone; a rule-free budget must keep it.
        using var plain = new ScriptedEntry(new Budget(Epochs: 4)).Create(new RunSettings());
        using var ruled = new ScriptedEntry(new Budget(Epochs: 4, EarlyStopping: new(5))).Create(new RunSettings());
        Assert.Equal(plain.Entry.Recipe.Text, plain.OptionsText);
        Assert.Equal(plain.Entry.Recipe.Text + "; early stopping after 5 epochs without a lower validation loss, best epoch kept", ruled.OptionsText);
    }

    private sealed record NoOptions;

    private sealed class ScriptedEntry(Budget budget) : CatalogEntry(new Recipe<NoOptions, NoOptions>
    {
        Name = "scripted",
        Title = "A scripted validation curve",
        Chapter = "00",
        Data = PixelEncoding.StaticBinary,
        Loss = "none",
        Budgets = new(budget, budget, budget),
        Metric = QualityMetric.ExactNll,
        Options = new NoOptions(),
        Optimiser = new NoOptions(),
    })
    {
        public override ModelRun Create(RunSettings settings) => new ScriptedRun(this, settings);
    }

    /// <summary>Training epoch e sets the one weight to e; the validation loss of epoch e is <see cref="Curve"/>[e − 1].</summary>
    private sealed class ScriptedRun(CatalogEntry entry, RunSettings settings)
        : ModelRun(entry, settings, nn.Linear(1, 1, hasBias: false), (_, _) => throw new NotSupportedException(), _ => throw new NotSupportedException(), 0)
    {
        public static float Weight(ModelRun run) => ((TorchSharp.Modules.Linear)run.Module).weight!.item<float>();

        protected override IReadOnlyList<optim.Optimizer> CheckpointOptimizers => [];

        protected override EpochReport RunEpoch(int epoch, torch.Generator generator, CancellationToken cancellation, Action<StepReport>? progress)
        {
            using (no_grad())
            {
                ((TorchSharp.Modules.Linear)Module).weight!.fill_(epoch);
            }

            return new EpochReport(epoch, 1, 1, 0, double.NaN, null, TimeSpan.FromSeconds(1));
        }

        protected override double? Validate() => Curve[CompletedEpochs];
    }
}
