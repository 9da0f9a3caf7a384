using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Diffusion;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>After every Adam step of a <see cref="DiffusionRun"/>, θ̄ ← d θ̄ + (1 − d) θ with the recipe's d, from θ̄₀ = θ₀.</summary>
public sealed class DiffusionRunAverageTests
{
    public DiffusionRunAverageTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    [Fact]
    public void TheAverageIsTheMovingAverageOfTheWeightsAfterEachStep()
    {
        using var run = DiffusionRunTests.Create(5);
        var decay = Recipes.Ddpm.Optimiser.AverageDecay;
        var initial = Flat(run.Model);
        Assert.Equal(initial, Flat(run.Average));
        var steps = new List<float[]>();

        run.TrainEpoch(progress: _ => steps.Add(Flat(run.Model)));

        // By hand in float64 from the weights after each of the epoch's two steps.
        Assert.Equal(2, steps.Count);
        var expected = initial.Select(v => (double)v).ToArray();
        foreach (var weights in steps)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] = (decay * expected[i]) + ((1 - decay) * weights[i]);
            }
        }

        var average = Flat(run.Average);
        var model = Flat(run.Model);
        Assert.Equal(steps[^1], model);
        // Two float32 multiply-adds per step on weights of size below 1: a few ulps, 1e-6 at most.
        Assert.True(MaxGap(average, expected) < 1e-6, $"{MaxGap(average, expected)}");
        // And it is neither end: the model has moved by Adam's steps (2 × 0.002 per weight at most), the average by a
        // fraction 1 − d² ≈ 0.01 of that.
        var moved = MaxGap(model, initial.Select(v => (double)v).ToArray());
        Assert.True(moved > 1e-3, $"the model moved {moved}");
        Assert.True(MaxGap(average, model.Select(v => (double)v).ToArray()) > 0.9 * moved, "the average is not the model");
        Assert.True(MaxGap(average, initial.Select(v => (double)v).ToArray()) > 1e-6, "the average did not move");
    }

    private static float[] Flat(Ddpm model) => [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];

    private static double MaxGap(float[] a, double[] b) => a.Select((v, i) => Math.Abs(v - b[i])).Max();
}
