using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Probability;
using GenerativeCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Training;

// In the Torch collection: Setup fixes the thread count, so floating-point reductions (and with them the
// "identical history" test) cannot be disturbed by another test changing it midway.
public sealed class TrainerTests
{
    public TrainerTests() => Course.Setup();

    [Fact]
    public void LossDecreasesToTheMaximumLikelihoodOfAFixedTinyProblem()
    {
        using var scope = NewDisposeScope();
        var (data, teacherNll) = TeacherData(dimensions: 6, examples: 1024, seed: 1);
        using var model = new Fvsbn(new FvsbnOptions(6));
        var generator = new Generator(2);
        using var trainer = new Trainer(model, x => -model.LogProb(x).mean(), new TrainerOptions { Epochs = 40, LearningRate = 0.05 });

        var initialNll = NegativeLogLikelihood(model, data);

        var history = trainer.Fit(_ => TestBatches.Shuffled(data, 64, generator));

        var losses = history.TrainLoss;
        Assert.Equal(40, losses.Length);
        Assert.Equal(6 * Math.Log(2), initialNll, 1e-5); // the untrained model is uniform: 6 ln 2 nats
        Assert.True(losses[0] < initialNll, "the first epoch already learns");
        Assert.True(losses[^1] < losses[0] - 0.3, $"loss went from {losses[0]:F4} to {losses[^1]:F4}");

        var finalNll = NegativeLogLikelihood(model, data);
        var entropy = EmpiricalEntropy(data);
        // Gibbs' inequality: no model has a training NLL below the data's empirical entropy (float32 ~1e-6).
        Assert.True(finalNll >= entropy - 1e-5, $"NLL {finalNll:F5} is below the empirical entropy {entropy:F5}");
        // The teacher is in the model class, so the maximum-likelihood fit is at least as good on the training
        // data; 0.01 nats allows for Adam's mini-batch noise around the optimum.
        Assert.True(finalNll <= teacherNll + 0.01, $"NLL {finalNll:F4} vs the teacher's {teacherNll:F4}");
    }

    [Fact]
    public void IndependentBernoulliConvergesToThePixelFrequencies()
    {
        using var scope = NewDisposeScope();
        var data = bernoulli(tensor(new[] { 0.1f, 0.5f, 0.8f, 0.95f }).expand(500, 4), new Generator(3));
        using var model = new IndependentBernoulli(new IndependentBernoulliOptions(4));
        using var trainer = new Trainer(model, x => -model.LogProb(x).mean(), new TrainerOptions { Epochs = 300, LearningRate = 0.05 });

        trainer.Fit(_ => [data]); // full batch: deterministic gradient descent on a concave objective

        // The maximum-likelihood solution is the frequency of ones in each column (closed form, no smoothing).
        var frequencies = data.mean([0]).data<float>().ToArray();
        var learned = sigmoid(model.Logits).data<float>().ToArray();
        for (var d = 0; d < 4; d++)
        {
            Assert.Equal(frequencies[d], learned[d], 2e-3); // 300 Adam steps get within 2e-3 of the optimum
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameHistoryAndAnotherSeedDoesNot()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 5, examples: 256, seed: 4);

        var first = TrainFvsbn(data, shuffleSeed: 10);
        var second = TrainFvsbn(data, shuffleSeed: 10);
        var other = TrainFvsbn(data, shuffleSeed: 11);

        Assert.Equal(first, second); // bit for bit: same shuffles, same arithmetic, same thread count
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void APoisonedBatchStopsTrainingWithEpochStepAndLossBeforeTheParametersChange()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 4, examples: 64, seed: 5);
        var poisoned = data.narrow(0, 0, 16).clone();
        poisoned[3, 2] = tensor(float.NaN);
        using var model = new Fvsbn(new FvsbnOptions(4));
        Tensor? weightBeforeStep = null;
        using var trainer = new Trainer(
            model,
            x =>
            {
                weightBeforeStep = model.Weight.detach().clone().DetachFromDisposeScope();
                return -model.LogProb(x).mean();
            },
            new TrainerOptions { Epochs = 3, LearningRate = 0.1 });

        // Epoch 2, step 3 gets the batch with a NaN pixel.
        IEnumerable<Tensor> Batches(int epoch) =>
            Enumerable.Range(1, 4).Select(step => epoch == 2 && step == 3 ? poisoned : data.narrow(0, 16 * (step - 1), 16));
        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(Batches));

        Assert.Equal(2, error.Epoch);
        Assert.Equal(3, error.Step);
        Assert.True(double.IsNaN(error.Loss));
        Assert.Contains("epoch 2, step 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.True(model.Weight.equal(weightBeforeStep!).all().item<bool>(), "the poisoned step must not change the parameters");
        Assert.Single(trainer.History.Epochs); // epoch 1 completed, epoch 2 did not
        weightBeforeStep!.Dispose();
    }

    [Fact]
    public void GradientsAreClippedToTheMaximumNormAndTheNormBeforeClippingIsReported()
    {
        using var scope = NewDisposeScope();
        using var model = new Slope();
        var options = new TrainerOptions
        {
            Epochs = 1,
            MaxGradientNorm = 2,
            CreateOptimizer = parameters => optim.SGD(parameters, 1.0), // plain steps, so p moves by −gradient
        };
        using var trainer = new Trainer(model, _ => 100 * model.P.sum(), options);

        var history = trainer.Fit(_ => [zeros(1)]);

        // The gradient is (100, 100): norm 100·√2, rescaled to norm 2, so each coordinate moves by −√2.
        var p = model.P.data<float>().ToArray();
        Assert.Equal(-Math.Sqrt(2), p[0], 1e-6);
        Assert.Equal(-Math.Sqrt(2), p[1], 1e-6);
        Assert.Equal(100 * Math.Sqrt(2), history.Epochs[0].MeanGradientNorm, 1e-3);
    }

    [Fact]
    public void EpochsAreReportedInOrderWithValidationExamplesAndThroughput()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 4, examples: 100, seed: 6);
        using var model = new Fvsbn(new FvsbnOptions(4));
        var reports = new List<EpochReport>();
        var validationCalls = new List<(int Epoch, bool Training, bool Grad)>();
        var options = new TrainerOptions
        {
            Epochs = 3,
            LearningRate = 0.05,
            Progress = reports.Add,
            Validation = epoch =>
            {
                validationCalls.Add((epoch, model.training, is_grad_enabled()));
                return NegativeLogLikelihood(model, data);
            },
        };
        using var trainer = new Trainer(model, x => -model.LogProb(x).mean(), options);

        trainer.Fit(_ => TestBatches.Shuffled(data, 32, new Generator(7)));
        var history = trainer.Fit(_ => TestBatches.Shuffled(data, 32, new Generator(8))); // continues numbering

        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Select(r => r.Epoch));
        Assert.Equal([1, 2, 3, 4, 5, 6], history.EpochNumbers);
        Assert.All(reports, r => Assert.Equal(4, r.Steps));            // 32 + 32 + 32 + 4
        Assert.All(reports, r => Assert.Equal(100, r.Examples));
        Assert.All(reports, r => Assert.True(r.ExamplesPerSecond > 0));
        Assert.All(validationCalls, c => Assert.False(c.Training || c.Grad)); // eval mode, no gradients
        Assert.Equal(history.Validation, reports.Select(r => r.Validation!.Value));
        Assert.True(model.training, "training mode is restored after validation");
        Assert.Contains("epoch   6", reports[^1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LiveTensorsDoNotGrowFromStepToStep()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 8, examples: 256, seed: 9);
        using var model = new Fvsbn(new FvsbnOptions(8));
        var generator = new Generator(10);
        var liveAtStepStart = new List<long>();
        using var trainer = new Trainer(
            model,
            x =>
            {
                liveAtStepStart.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                return -model.LogProb(x).mean();
            },
            new TrainerOptions { Epochs = 5, LearningRate = 0.01 });

        trainer.Fit(_ => TestBatches.Shuffled(data, 32, generator));

        // 40 steps, each allocating dozens of tensors (forward, backward, clipping, Adam, a fresh batch). If the
        // step scope or the early release of used batches were missing, the count would climb step by step.
        // It settles after the first step, where TorchSharp's Adam keeps one tensor per parameter (2 here;
        // with SGD the count is flat from the start), and stays the same through all five epochs.
        Assert.Equal(40, liveAtStepStart.Count);
        Assert.InRange(liveAtStepStart[1] - liveAtStepStart[0], 0, 2);
        Assert.Single(liveAtStepStart.Skip(1).Distinct());
    }

    [Fact]
    public void EpochsRunOneByOneGiveTheWeightsAndHistoryOfFit()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 6, examples: 200, seed: 12);

        var (fitWeights, fitLosses) = TrainEpochs(data, epochs: 4, oneByOne: false);
        var (stepWeights, stepLosses) = TrainEpochs(data, epochs: 4, oneByOne: true);

        // Bit for bit: Fit is RunEpoch in a loop, with the same batches and the same arithmetic.
        Assert.Equal(fitWeights, stepWeights);
        Assert.Equal(fitLosses, stepLosses);
    }

    [Fact]
    public void RunEpochUsesTheEpochsOwnLossAndATrainerWithoutALossCannotFit()
    {
        using var scope = NewDisposeScope();
        var (data, _) = TeacherData(dimensions: 4, examples: 64, seed: 13);
        using var model = new Fvsbn(new FvsbnOptions(4));
        using var trainer = new Trainer(model, loss: null, new TrainerOptions { LearningRate = 0.05 });
        var calls = new List<int>();

        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var step = 0;
            var report = trainer.RunEpoch(TestBatches.Shuffled(data, 16, new Generator(20)), x => { calls.Add((epoch * 10) + ++step); return -model.LogProb(x).mean(); });
            Assert.Equal(epoch, report.Epoch);
        }

        Assert.Equal([11, 12, 13, 14, 21, 22, 23, 24], calls);   // 4 steps of 16 per epoch, each epoch its own loss
        Assert.Equal([1, 2], trainer.History.EpochNumbers);
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(_ => [data]));
        Assert.Contains("without a loss", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Trains a seeded FVSBN for <paramref name="epochs"/> epochs (shuffle of epoch e seeded by e) by
    /// <see cref="Trainer.Fit"/> or by <see cref="Trainer.RunEpoch"/> in a loop; its weights and epoch losses.</summary>
    private static (float[] Weights, double[] Losses) TrainEpochs(Tensor data, int epochs, bool oneByOne)
    {
        using var model = new Fvsbn(new FvsbnOptions((int)data.shape[1]));
        using (no_grad())
        {
            model.Weight.copy_(randn(model.Weight.shape, generator: new Generator(30)) * 0.1);
        }

        using var trainer = new Trainer(model, x => -model.LogProb(x).mean(), new TrainerOptions { Epochs = epochs, LearningRate = 0.05 });
        IEnumerable<Tensor> Batches(int epoch) => TestBatches.Shuffled(data, 32, new Generator((ulong)(100 + epoch)));
        if (oneByOne)
        {
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                trainer.RunEpoch(Batches(epoch));
            }
        }
        else
        {
            trainer.Fit(Batches);
        }

        return (model.Weight.data<float>().ToArray(), trainer.History.TrainLoss);
    }

    private static double[] TrainFvsbn(Tensor data, ulong shuffleSeed)
    {
        using var model = new Fvsbn(new FvsbnOptions((int)data.shape[1]));
        var generator = new Generator(shuffleSeed);
        using var trainer = new Trainer(model, x => -model.LogProb(x).mean(), new TrainerOptions { Epochs = 5, LearningRate = 0.05 });
        return trainer.Fit(_ => TestBatches.Shuffled(data, 16, generator)).TrainLoss;
    }

    /// <summary>Samples from an FVSBN with strong random weights, and that teacher's NLL on its samples.</summary>
    private static (Tensor Data, double TeacherNll) TeacherData(int dimensions, int examples, ulong seed)
    {
        var generator = new Generator(seed);
        using var teacher = new Fvsbn(new FvsbnOptions(dimensions));
        using (no_grad())
        {
            teacher.Weight.copy_(randn(dimensions, dimensions, generator: generator) * 2);
            teacher.Bias.copy_(randn(dimensions, generator: generator));
        }

        var data = teacher.Sample(examples, generator);
        return (data, NegativeLogLikelihood(teacher, data));
    }

    private static double NegativeLogLikelihood(Fvsbn model, Tensor data)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return -model.LogProb(data).mean().item<float>();
    }

    /// <summary>−Σ p̂ log p̂ over the observed binary vectors, in nats.</summary>
    private static double EmpiricalEntropy(Tensor data)
    {
        using var scope = NewDisposeScope();
        var counts = bincount(BinaryVectors.IndexOf(data)).to_type(float64);
        var p = counts[counts > 0] / data.shape[0];
        return -(p * p.log()).sum().item<double>();
    }

    /// <summary>A model with one parameter vector and a known, constant gradient.</summary>
    private sealed class Slope : nn.Module
    {
        [TorchSharp.Utils.ComponentName(Name = "p")]
        private readonly Parameter _p = nn.Parameter(zeros(2));

        public Slope()
            : base(nameof(Slope)) => register_parameter("p", _p);

        public Parameter P => _p;
    }
}
