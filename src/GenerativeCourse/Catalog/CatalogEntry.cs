using GenerativeCourse.Data;

namespace GenerativeCourse.Catalog;

/// <summary>
/// One model of the course in the form <c>gencourse train</c>, <c>gencourse bench</c> and chapter 06 use it: its name
/// on the command line, the paper, the data and loss, the course's default options, and how to build a seeded
/// <see cref="ModelRun"/>. Adding a model to the catalogue is one small file deriving from this class plus a line in
/// <see cref="ModelCatalog.All"/>.
/// </summary>
public abstract class CatalogEntry
{
    /// <summary>Command-line name, lower case: <c>nade</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Model and paper: "NADE (Larochelle &amp; Murray 2011)".</summary>
    public abstract string Title { get; }

    /// <summary>What it trains on and with which loss, in words.</summary>
    public abstract string Training { get; }

    /// <summary>The quality number <see cref="ModelRun.Evaluate"/> reports.</summary>
    public abstract QualityMetric Metric { get; }

    /// <summary>Epochs of a default <c>gencourse train</c> run (the chapters' settings).</summary>
    public abstract int DefaultEpochs { get; }

    /// <summary>
    /// The options as text (<c>NadeOptions(784, Hidden: 100), Adam 0.005, batch 100</c>): written into checkpoints,
    /// which load only into a run with the same text.
    /// </summary>
    public abstract string OptionsText { get; }

    /// <summary>How test images are encoded when the model's samples are compared with them (FID-style score):
    /// statically binarized for the binary models, grey levels otherwise.</summary>
    public virtual PixelEncoding SampleReference => PixelEncoding.StaticBinary;

    /// <summary>
    /// At most this many images are drawn when timing the sampler and computing the FID-style score, for models whose
    /// sampler is slow (MAF needs D sequential passes per layer); null means no limit.
    /// </summary>
    public virtual int? SampleLimit => null;

    /// <summary>Builds the model from <see cref="RunSettings.Seed"/>, ready to train from epoch 1.</summary>
    public abstract ModelRun Create(RunSettings settings);

    public override string ToString() => $"{Name}: {Title}";
}
