using GenerativeCourse.Data;
using GenerativeCourse.Models.EnergyBased;
using TorchSharp;

namespace GenerativeCourse.Catalog.Entries;

/// <summary>
/// Bernoulli RBM (chapter 07's best run): 500 hidden units, visible biases started at the pixels' log-odds, CD-5 with
/// ε = 0.05 decayed linearly over 10 epochs, momentum 0.5, weight decay 10⁻⁴, batches of 100. Its quality is an
/// <b>estimate</b>: the test NLL with log Z from annealed importance sampling (<see cref="QualityMetric.AisNll"/>).
/// </summary>
/// <remarks>
/// Samples are <see cref="Rbm.Sample"/> with <see cref="SampleSteps"/> = 1,000 Gibbs steps from independent pixels,
/// the chain length chapter 07 shows; the benchmark's images/s is of that call. Each step is two [n, 784] × [784, 500]
/// products, so one image costs 1,000 × 2 × 2 × 784 × 500 ≈ 1.6 GFLOP: about 21 images/s for 1,000 chains on two
/// shared cores (full benchmark). Test NLL of the full benchmark's run: ≈ 120.6 nats (AIS, 100 runs × 10,000
/// temperatures), as chapter 07's CD-5 (≈ 120 nats).
/// </remarks>
public sealed class RbmEntry : CatalogEntry
{
    /// <summary>Gibbs steps of every sample chain.</summary>
    public const int SampleSteps = 1000;

    private static readonly RbmOptions Options = new(MnistDigits.PixelsPerImage, Hidden: 500);

    private static readonly ContrastiveDivergenceOptions CdOptions = new(Steps: 5, LearningRate: 0.05, Momentum: 0.5, WeightDecay: 1e-4);

    public override string Name => "rbm";

    public override string Title => "RBM, CD-5 (Hinton 2002; Salakhutdinov & Murray 2008)";

    public override string Training => "dynamically binarized digits, CD-5 (no loss; reconstruction error reported), ε 0.05 decayed linearly, momentum 0.5, batches of 100";

    public override QualityMetric Metric => QualityMetric.AisNll;

    public override int DefaultEpochs => 10;

    public override string OptionsText => "RbmOptions(784, Hidden: 500), visible bias at the log-odds of the static-binary training images; CD-5, ε 0.05 linear decay over 10 epochs, momentum 0.5, weight decay 1e-4; batch 100";

    /// <summary>A sample is 1,000 Gibbs steps (≈ 1.6 GFLOP per image, like MADE's 784 passes).</summary>
    public override int? SampleLimit => 1000;

    public override ModelRun Create(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var init = new torch.Generator(settings.Seed);
        var model = new Rbm(Options, init);
        using (var train = MnistDigits.Train.Images(PixelEncoding.StaticBinary))
        {
            model.SetVisibleBiasToLogOdds(train);   // W = 0 would be the independent-pixel model
        }

        return new ContrastiveDivergenceRun(this, settings, model, CdOptions,
            (n, generator) => model.Sample(n, SampleSteps, generator),
            s => TestScores.AisNll(model, s),
            FlopCount.ContrastiveDivergence(model, CdOptions.Steps));
    }
}
