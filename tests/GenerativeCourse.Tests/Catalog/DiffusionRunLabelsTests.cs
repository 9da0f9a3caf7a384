using GenerativeCourse.Catalog;
using GenerativeCourse.Data;
using GenerativeCourse.Models.Diffusion;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>
/// The digits' labels reach L_simple, in training and in validation: the run's losses are recomputed by hand with the
/// labels (and shown to differ from the same draws with the null label ∅ for every image).
/// </summary>
public sealed class DiffusionRunLabelsTests(ITestOutputHelper output)
{
    private const ulong Seed = 9;

    [Fact]
    public void TheFirstStepsLossIsLSimpleOfTheInitialWeightsWithTheBatchsLabels()
    {
        GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();
        using var run = DiffusionRunTests.Create(Seed);
        var losses = new List<double>();
        using var initial = new DdpmPair(Recipes.Ddpm.Options, Seed);

        run.TrainEpoch(progress: step => losses.Add(step.Loss));

        // The epoch's one generator shuffles, then draws t, ε and the label dropout of the first batch.
        double FirstLoss(bool labelled)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(ModelRun.EpochSeed(Seed, 1));
            using var batch = Mnist.Train.Batches(run.BatchSize, PixelEncoding.Raw, shuffle: true, generator).First();
            var x = Ddpm.FromBytes(batch.Images).reshape(-1, 1, 28, 28);
            return initial.Model.Loss(x, labelled ? batch.Labels : NullLabels(batch.Labels), generator).item<float>();
        }

        var labelled = FirstLoss(true);
        var unlabelled = FirstLoss(false);
        output.WriteLine($"step 1: run {losses[0]}, by hand {labelled}, with ∅ for every image {unlabelled}");
        // The same float32 operations on the same draws: equal to float32 rounding of a mean of 50,176 squares.
        Assert.Equal(labelled, losses[0], 1e-6);
        Assert.True(Math.Abs(unlabelled - labelled) > 1e-4, "the labels make no difference to the loss: the test cannot tell");
    }

    [Fact]
    public void TheValidationLossIsLSimpleOfTheAverageWithTheValidationLabelsOnFixedDraws()
    {
        GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();
        using var run = DiffusionRunTests.Create(Seed);
        run.TrainEpoch();
        run.Module.eval();

        double Validation(Ddpm model, bool labelled)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var n = run.ValidationImages;
            var images = Mnist.Validation.Images(PixelEncoding.Raw).narrow(0, 0, n);
            var labels = Mnist.Validation.LabelTensor().narrow(0, 0, n);
            using var generator = new Generator(StaticBinarization.Seed);
            double sum = 0;
            for (var start = 0; start < n; start += run.BatchSize)
            {
                var count = Math.Min(run.BatchSize, n - start);
                var x = Ddpm.FromBytes(images.narrow(0, start, count)).reshape(-1, 1, 28, 28);
                var y = labels.narrow(0, start, count);
                sum += model.Loss(x, labelled ? y : NullLabels(y), generator).item<float>() * count;
            }

            return sum / n;
        }

        var labelled = Validation(run.Average, true);
        output.WriteLine($"validation: run {run.ValidationLoss[0]}, by hand {labelled}, with ∅ {Validation(run.Average, false)}, of the trained model {Validation(run.Model, true)}");
        Assert.Equal(200, run.ValidationImages);
        Assert.Equal(labelled, run.ValidationLoss[0], 1e-9);    // the same float32 batches summed in float64
        Assert.True(Math.Abs(Validation(run.Average, false) - labelled) > 1e-4, "the labels make no difference: the test cannot tell");
        Assert.True(Math.Abs(Validation(run.Model, true) - labelled) > 1e-6, "the model and its average score alike: the test cannot tell which was scored");
    }

    private static Tensor NullLabels(Tensor labels) => full_like(labels, DiffusionUNet.NullLabel);
}
