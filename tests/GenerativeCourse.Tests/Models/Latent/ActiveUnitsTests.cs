using GenerativeCourse.Models.Latent;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Latent;

public sealed class ActiveUnitsTests
{
    public ActiveUnitsTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void AUnitWhoseMeanIgnoresTheImageIsInactiveAndTheOthersHaveTheVarianceOfTheirMeans()
    {
        using var scope = NewDisposeScope();
        using var model = VaeTests.Random(new VaeOptions(12, 3, [8]), seed: 40, scale: 1.0);
        using (no_grad())
        {
            // Row 1 of the encoder's last layer is μ₁ (μ and log σ² sit side by side): zero weights make μ₁(x) the
            // constant bias, whatever x is — a collapsed unit.
            var output = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            output["encoder.output.weight"][1].zero_();
        }

        var x = VaeTests.Binary(500, 12, seed: 41);
        var activity = ActiveUnits.Activity(model, x, batchSize: 128);   // three batches and a remainder

        var (mean, _) = model.Encode(x);
        var byHand = (mean - mean.mean([0L], keepdim: true)).square().mean([0L]);   // [3], divided by n
        // float64 throughout: the only difference is the order of the sums.
        Assert.True((activity - byHand).abs().max().item<double>() < 1e-12);
        Assert.Equal(0.0, activity[1].item<double>(), 1e-20);
        // Well above the threshold, so the count below is not decided by rounding.
        Assert.True(activity[0].item<double>() > 2 * ActiveUnits.Threshold && activity[2].item<double>() > 2 * ActiveUnits.Threshold, string.Join(", ", activity.data<double>().ToArray()));
        Assert.Equal(2, ActiveUnits.Count(activity));
        Assert.Equal(0, ActiveUnits.Count(activity, threshold: 1e3));
    }

    [Fact]
    public void NoImagesIsAnError()
    {
        using var model = new Vae(new VaeOptions(12, 3, [8]));
        var error = Assert.Throws<ArgumentException>(() => ActiveUnits.Activity(model, zeros(0, 12)));
        Assert.Contains("[n ≥ 1, 12]", error.Message, StringComparison.Ordinal);
    }
}
