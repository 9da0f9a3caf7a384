using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Training;

namespace GenerativeCourse.Catalog;

/// <summary>
/// One model of the course as <c>gencourse train</c>, <c>gencourse bench</c> and the chapters use it: its
/// <see cref="Recipe"/> (every value that defines it) and the code that builds a seeded <see cref="ModelRun"/> from
/// that recipe. Adding a model is a recipe in <see cref="Recipes"/>, one small file deriving from this class, and a line
/// in <see cref="ModelCatalog.All"/>.
/// </summary>
public abstract class CatalogEntry
{
    protected CatalogEntry(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        Recipe = recipe;
    }

    /// <summary>What the model is and how it is trained.</summary>
    public Recipe Recipe { get; }

    /// <summary>Command-line name, lower case: <c>nade</c>.</summary>
    public string Name => Recipe.Name;

    /// <summary>Model and paper: "NADE (Larochelle &amp; Murray 2011)".</summary>
    public string Title => Recipe.Title;

    /// <summary>The quality number <see cref="ModelRun.Evaluate"/> reports.</summary>
    public QualityMetric Metric => Recipe.Metric;

    /// <summary>How test images are encoded when the model's samples are compared with them (FID-style score):
    /// statically binarized for the binary models, grey levels otherwise.</summary>
    public virtual PixelEncoding SampleReference => PixelEncoding.StaticBinary;

    /// <summary>
    /// At most this many images are drawn when timing the sampler and computing the FID-style score, for models whose
    /// sampler is slow (MAF needs D sequential passes per layer); null means no limit.
    /// </summary>
    public virtual int? SampleLimit => null;

    /// <summary>The checkpoint file of the model trained in <paramref name="profile"/>: <c>nade-default.ckpt</c>.</summary>
    public string CheckpointFileName(Profile profile) => $"{Name}-{profile.Name()}{Checkpoint.Extension}";

    /// <summary>Builds the model from <see cref="RunSettings.Seed"/>, ready to train from epoch 1.</summary>
    public abstract ModelRun Create(RunSettings settings);

    /// <summary>Builds the model of <paramref name="profile"/>'s budget.</summary>
    public ModelRun Create(Profile profile, ulong seed = 0) => Create(new RunSettings(profile, seed));

    public override string ToString() => $"{Name}: {Title}";
}
