using GenerativeCourse.Data;
using GenerativeCourse.Models;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class MarginalLogOddsTests
{
    private const int D = 20;

    public MarginalLogOddsTests() => TorchSharpNative.EnsureLoaded();

    public static TheoryData<string> Models => new() { "fvsbn", "nade", "nade reversed", "made", "made random ordering" };

    [Theory]
    [MemberData(nameof(Models))]
    public void WithZeroOutputWeightsTheModelIsTheIndependentBernoulliOfTheMarginals(string model)
    {
        using var scope = NewDisposeScope();
        var marginals = 0.05 + (0.9 * rand(D, generator: new Generator(1)));            // [D], inside the clamp
        var x = bernoulli(full(64, D, 0.4), new Generator(2));                           // [64, D]
        using var density = Build(model);
        using (no_grad())
        {
            switch (density)
            {
                case Fvsbn fvsbn: fvsbn.InitialiseOutputBias(marginals); break;
                case Nade nade: nade.InitialiseOutputBias(marginals); break;
                case Made made: made.InitialiseOutputBias(marginals); break;
            }

            var logProb = ((IDensityModel)density).LogProb(x);
            // Σ_v x_v log p̄_v + (1 − x_v) log(1 − p̄_v), written out without the library.
            var independent = ((x * marginals.log()) + ((1 - x) * (1 - marginals).log())).sum(1);

            // float32: 20 terms of size ≤ 3, each rounded to ~2e-7 relative: the sums agree to a few 1e-6.
            Assert.True((logProb - independent).abs().max().item<float>() < 1e-5f);
        }
    }

    [Fact]
    public void NeverSeenValuesGetTheClampedLogOddsNotInfinity()
    {
        using var scope = NewDisposeScope();
        var logOdds = MarginalLogOdds.Of(tensor(new[] { 0.0, 1.0, 0.5, 0.25 }), floor: 1e-3);

        // log(ε / (1 − ε)) with ε = 1e-3 is −6.9068; 0.25 gives log(1/3). float64 throughout.
        var expected = new[] { Math.Log(1e-3 / 0.999), Math.Log(0.999 / 1e-3), 0.0, Math.Log(1.0 / 3) };
        var actual = logOdds.data<double>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void NadeStoresEachVariablesLogOddsAtItsPositionInTheOrdering()
    {
        using var scope = NewDisposeScope();
        var ordering = new SplitMix64(3).Permutation(D);
        using var nade = new Nade(new NadeOptions(D, 4, ordering), new Generator(4));
        var marginals = 0.05 + (0.9 * rand(D, generator: new Generator(5)));

        nade.InitialiseOutputBias(marginals);

        // Entry i of b belongs to variable ordering[i]; float32 log-odds of a float64 computation: 1e-6.
        var logOdds = MarginalLogOdds.Of(marginals);
        for (var i = 0; i < D; i++)
        {
            Assert.Equal(logOdds[ordering[i]].item<double>(), nade.OutputBias[i].item<float>(), 1e-6);
        }
    }

    private static nn.Module Build(string model)
    {
        var generator = new Generator(7);
        switch (model)
        {
            case "fvsbn":
                return new Fvsbn(new FvsbnOptions(D)); // W = 0 at construction
            case "nade":
            case "nade reversed":
                var nade = new Nade(new NadeOptions(D, 8, model == "nade" ? null : Enumerable.Range(0, D).Reverse().ToArray()), generator);
                using (no_grad())
                {
                    nade.OutputWeights.zero_();
                }

                return nade;
            default:
                var made = new Made(new MadeOptions(D, [16], RandomOrderings: model != "made", Masks: 2, MaskSeed: 3), generator);
                using (no_grad())
                {
                    made.Layers[^1].Weight.zero_();
                }

                return made;
        }
    }
}
