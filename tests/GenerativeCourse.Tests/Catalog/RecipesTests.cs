using GenerativeCourse.Catalog;
using GenerativeCourse.Models.Autoregressive;

namespace GenerativeCourse.Tests.Catalog;

/// <summary>One record per model, each value written once: names, checkpoint keys and texts are derived from it.</summary>
public sealed class RecipesTests
{
    public RecipesTests() => GenerativeCourse.Runtime.TorchSharpNative.EnsureLoaded();

    [Fact]
    public void EveryCatalogueEntryIsBuiltFromItsOwnRecipeAndNamesAreUnique()
    {
        var recipes = typeof(Recipes).GetProperties().Select(p => (Recipe)p.GetValue(null)!).ToArray();

        Assert.Equal(recipes.Select(r => r.Name), ModelCatalog.All.Select(e => e.Name));
        Assert.All(ModelCatalog.All, entry => Assert.Same(recipes.Single(r => r.Name == entry.Name), entry.Recipe));
        Assert.Equal(recipes.Length, recipes.Select(r => r.Name).Distinct().Count());
        Assert.Equal(recipes.Length, recipes.Select(r => r.Text).Distinct().Count());
    }

    [Fact]
    public void TheTextSpellsOutListsSoThatAChangedHiddenLayerChangesIt()
    {
        var text = Recipes.Made.Text;
        var wider = (Recipes.Made with { Options = Recipes.Made.Options with { HiddenSizes = [1000] } }).Text;

        Assert.StartsWith("MadeOptions(Dimensions: 784, HiddenSizes: [500], RandomOrderings: False, Masks: 1, MaskSeed: 0, DirectConnections: True)", text, StringComparison.Ordinal);
        Assert.Contains("Adam(LearningRate: 0.005, Beta1: 0.9, Beta2: 0.999, ClipNorm: null)", text, StringComparison.Ordinal);
        Assert.EndsWith("batch 100; dynamically binarized training images; −log p(x)", text, StringComparison.Ordinal);
        Assert.NotEqual(text, wider);
    }

    [Fact]
    public void TheTextNamesTheLossSoThatAFlowsLogitSqueezeChangesIt()
    {
        Assert.EndsWith("after the logit transform (α = 1E-06)", Recipes.RealNvp.Text, StringComparison.Ordinal);
        Assert.EndsWith("after the logit transform (α = 1E-06)", Recipes.Maf.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionAddedLaterKeepsTheTextOfRecipesThatLeaveItAtItsDefault()
    {
        // The text the digit RealNVP's checkpoints were saved with before RealNvpOptions.BaseComponents existed: they
        // still load. A recipe that sets the option is another model, and its text says so.
        Assert.StartsWith(
            "RealNvpOptions(Dimensions: 784, Couplings: 4, Hidden: 64, HiddenLayers: 2, UseActNorm: True, Image: ImageShape(Channels: 1, Height: 28, Width: 28, Dimensions: 784), Convolutional: True, Scales: 2, FullResolution: False, ResidualBlocks: 0); Adam(",
            Recipes.RealNvp.Text, StringComparison.Ordinal);
        var mixture = Recipes.RealNvp with { Options = Recipes.RealNvp.Options with { BaseComponents = 5 } };
        Assert.Contains("ResidualBlocks: 0, BaseComponents: 5); Adam(", mixture.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionMarkedOmittedAtDefaultWithoutADefaultIsAnError() =>
        Assert.Equal(
            "NoDefault.Size is marked [OmittedAtDefault] but no constructor parameter of that name has a default value.",
            Assert.Throws<InvalidOperationException>(() => RecipeText.Of(new NoDefault(3))).Message);

    private sealed record NoDefault([property: OmittedAtDefault] int Size);

    [Fact]
    public void TheBudgetDoesNotEnterTheTextButNamesTheCheckpoint()
    {
        var longer = Recipes.Nade with { Budgets = Recipes.Nade.Budgets with { Full = new Budget(500) } };

        Assert.Equal(Recipes.Nade.Text, longer.Text);
        var entry = ModelCatalog.Get("nade");
        Assert.Equal(["nade-quick.ckpt", "nade-default.ckpt", "nade-full.ckpt"], Enum.GetValues<Profile>().Select(entry.CheckpointFileName));
    }

    [Fact]
    public void ARunTakesItsBudgetFromTheProfileUnlessTheEpochSizeIsOverridden()
    {
        using var quick = ModelCatalog.Get("fvsbn").Create(Profile.Quick);
        using var full = ModelCatalog.Get("fvsbn").Create(new RunSettings(Profile.Full, ExamplesPerEpoch: 300));

        Assert.Equal((Recipes.Fvsbn.Budgets.Quick.Epochs, 1000), (quick.Epochs, quick.ExamplesPerEpoch));
        Assert.Equal((Recipes.Fvsbn.Budgets.Full.Epochs, 300), (full.Epochs, full.ExamplesPerEpoch));
        Assert.EndsWith("; 1,000 examples per epoch", quick.OptionsText, StringComparison.Ordinal);
        // The full budget's early-stopping rule changes which epoch is kept, so its checkpoint's text names it.
        Assert.Equal(Recipes.Fvsbn.Text + "; 300 examples per epoch; " + Recipes.Fvsbn.Budgets.Full.EarlyStopping!.Text, full.OptionsText);
    }

    [Fact]
    public void TheBudgetsGrowFromQuickToFull()
    {
        foreach (var entry in ModelCatalog.All)
        {
            var examples = Enum.GetValues<Profile>().Select(p => entry.Recipe.Budgets[p]).Select(b => (long)b.Epochs * b.ExamplesOfEpoch(GenerativeCourse.Data.Mnist.TrainCount)).ToArray();
            Assert.True(examples[0] < examples[1] && examples[1] < examples[2], $"{entry.Name}: {string.Join(" < ", examples)} images");
        }
    }

    [Fact]
    public void TheModelIsBuiltWithTheRecipesOptions()
    {
        using var run = ModelCatalog.Get("nade").Create(Profile.Quick);
        var nade = Assert.IsType<Nade>(run.Module);

        Assert.Equal(Recipes.Nade.Options.Hidden, (int)nade.InputWeights.shape[0]);
        Assert.Equal(Recipes.Nade.BatchSize, run.BatchSize);
    }

    [Theory]
    [InlineData("quick", Profile.Quick)]
    [InlineData("Default", Profile.Default)]
    [InlineData("FULL", Profile.Full)]
    public void ProfilesParseTheirNames(string name, Profile expected) => Assert.Equal(expected, Profiles.Parse(name));

    [Theory]
    [InlineData("none")]
    [InlineData("1")]
    [InlineData("")]
    public void AnyOtherProfileNameIsAnErrorThatListsTheThree(string name) =>
        Assert.StartsWith($"'{name}' is not a profile; the profiles are quick, default, full.", Assert.Throws<ArgumentException>(() => Profiles.Parse(name)).Message, StringComparison.Ordinal);
}
