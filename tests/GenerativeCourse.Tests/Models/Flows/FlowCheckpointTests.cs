using GenerativeCourse.Models;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

public sealed class FlowCheckpointTests
{
    public FlowCheckpointTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void ASavedRealNvpReloadsWithTheSameDensityAndKeepsItsActNormInitialisation()
    {
        using var scope = NewDisposeScope();
        var options = new RealNvpOptions(4, Couplings: 3, Hidden: 8);
        using var saved = new RealNvp(options, new Generator(1));
        using var loaded = new RealNvp(options, new Generator(2));
        var data = randn([64, 4], generator: new Generator(3)) * 3 + 1;
        saved.train();
        using (no_grad())
        {
            saved.LogProb(data);                       // data-dependent ActNorm initialisation
        }

        FlowChecks.Randomise(saved.Flow.Layers.OfType<AffineCoupling>().First(), 4);
        RoundTrip(saved, loaded);

        // In training mode a reloaded ActNorm that forgot its initialisation would re-initialise from this batch
        // and change the density; same parameters and operations give bit-identical values.
        loaded.train();
        var x = randn([16, 4], generator: new Generator(5));
        using var noGrad = no_grad();
        Assert.True(loaded.Flow.Layers.OfType<ActNorm>().All(layer => layer.IsInitialised));
        Assert.True(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>());
    }

    [Fact]
    public void ASavedMafReloadsWithTheSameDensityAndSamples()
    {
        using var scope = NewDisposeScope();
        var options = new MafOptions(3, Layers: 2, HiddenSizes: [8]);
        using var saved = new Maf(options, new Generator(1));
        using var loaded = new Maf(options, new Generator(2));
        FlowChecks.Randomise(saved, 3, std: 0.3);
        RoundTrip(saved, loaded);

        var x = randn([16, 3], generator: new Generator(4));
        using var noGrad = no_grad();
        Assert.True(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>());
        Assert.True(loaded.Sample(8, new Generator(5)).equal(saved.Sample(8, new Generator(5))).all().item<bool>());
    }

    [Fact]
    public void ASavedRealNvpWithAMixtureBaseReloadsWithTheSameDensityAndSamples()
    {
        using var scope = NewDisposeScope();
        var options = new RealNvpOptions(3, Couplings: 2, Hidden: 8, UseActNorm: false, BaseComponents: 3);
        using var saved = new RealNvp(options, new Generator(1));
        using var loaded = new RealNvp(options, new Generator(2));
        FlowChecks.Randomise(saved, 3, std: 0.3);
        // Directly as well: a fresh base's output layer is zero, so two fresh bases agree, and a base missing from the
        // module tree (skipped by parameters() and by save) would otherwise go unnoticed.
        FlowChecks.Randomise(saved.MixtureBase!, 4, std: 0.3);
        RoundTrip(saved, loaded);

        // The base's weights travel with the couplings': same density and, with the same generator, the same samples.
        var x = randn([16, 3], generator: new Generator(4));
        using var noGrad = no_grad();
        Assert.True(loaded.MixtureBase!.LogProb(x).equal(saved.MixtureBase!.LogProb(x)).all().item<bool>());
        Assert.True(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>());
        Assert.True(loaded.Sample(8, new Generator(5)).equal(saved.Sample(8, new Generator(5))).all().item<bool>());
    }

    private static void RoundTrip<TModel>(TModel saved, TModel loaded)
        where TModel : nn.Module, IDensityModel
    {
        var x = randn([8, saved.Dimensions], generator: new Generator(99));
        using (no_grad())
        {
            saved.eval();
            loaded.eval();
            Assert.False(loaded.LogProb(x).equal(saved.LogProb(x)).all().item<bool>());
        }

        var path = Path.Combine(Path.GetTempPath(), $"flow-{Guid.NewGuid():N}.dat");
        try
        {
            saved.save(path);
            loaded.load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
