using GenerativeCourse.Data;
using GenerativeCourse.Evaluation;
using GenerativeCourse.Models.Adversarial;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Models.EnergyBased;
using GenerativeCourse.Models.Flows;
using GenerativeCourse.Models.Latent;
using GenerativeCourse.Training;

namespace GenerativeCourse.Catalog;

/// <summary>
/// The recipe of every headline model, in the order of the chapters: what each model is and how it is trained, each
/// value written once. The chapters, <c>gencourse train</c>, <c>gencourse bench</c> and chapter 06 all build their
/// models from these records (<see cref="ModelCatalog"/>), and the checkpoints are keyed by recipe and profile.
/// </summary>
/// <remarks>
/// <para>Data: the full MNIST (<see cref="Mnist"/>), 50,000 training images; an epoch is all of them unless the budget
/// says otherwise. Every binary model trains on dynamic binarizations and is scored on the static one (seed 2008);
/// flows train on dequantized bytes.</para>
/// <para>Budgets: <see cref="Profile.Quick"/> is two epochs of 1,000 images (the tests: nothing about quality);
/// <see cref="Profile.Default"/> is sized so the chapter that trains the model stays within its 6-minute budget on
/// 2 cores; <see cref="Profile.Full"/> stays within an hour per model on 2 cores (<c>gencourse bench --profile full</c>
/// reports the time).</para>
/// <para>Early stopping (<see cref="EarlyStopping"/>) is part of the <see cref="Profile.Full"/> budgets of the models
/// trained longest there (FVSBN 50 epochs, NADE and MADE 100, the VAE 300) and of no other budget. Those long runs at a
/// constant learning rate reach the validation minimum well before the end and may then overfit, so the model kept is
/// the best validation epoch's. The patience is a tenth of the budget: the validation loss uses fixed data and noise, so
/// it moves only with the parameters, but Adam's mini-batch steps at a constant rate make it wander up and down from
/// epoch to epoch near the minimum, and a patience of one or two epochs would stop on such a bump while the trend still
/// falls; a tenth of the budget lets a slow descent show itself and wastes at most that tenth after the minimum. The
/// quick and default budgets are a few epochs on a still falling validation curve: they keep every epoch and the last
/// model, and their checkpoints' text (and so the checkpoints themselves) are unchanged by the rule.</para>
/// </remarks>
public static class Recipes
{
    private static readonly Budget QuickBudget = new(Epochs: 2, ExamplesPerEpoch: 1000, ValidationImages: 200);

    private const string OutputBiasAtLogOdds = "output bias at the pixel log-odds of the statically binarized training images";

    /// <summary>The flows' loss, naming the logit squeeze α that the entry passes to <see cref="Entries.FlowRun"/>.</summary>
    private static string DequantizedLoss(double logitAlpha) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"−log p of uniformly dequantized bytes after the logit transform (α = {logitAlpha})");

    /// <summary>Chapter 01: a logistic regression per pixel on the pixels before it, started as the independent-pixel model;
    /// full profile: at most 50 epochs, early stopping with a patience of 5.</summary>
    public static Recipe<FvsbnOptions, Adam> Fvsbn { get; } = new()
    {
        Name = "fvsbn",
        Title = "FVSBN (Frey 1998; Gan et al. 2015)",
        Chapter = "01",
        Options = new FvsbnOptions(Mnist.PixelsPerImage),
        Initialisation = OutputBiasAtLogOdds + " (weights 0)",
        Optimiser = new Adam(0.005),
        Data = PixelEncoding.DynamicBinary,
        Loss = "−log p(x)",
        Budgets = new(QuickBudget, Default: new(4), Full: new(50, EarlyStopping: new(Patience: 5))),
        Metric = QualityMetric.ExactNll,
    };

    /// <summary>Chapter 02: NADE with H = 100, the output bias at the pixel log-odds; full profile: at most 100 epochs,
    /// early stopping with a patience of 10.</summary>
    public static Recipe<NadeOptions, Adam> Nade { get; } = new()
    {
        Name = "nade",
        Title = "NADE (Larochelle & Murray 2011)",
        Chapter = "02",
        Options = new NadeOptions(Mnist.PixelsPerImage, Hidden: 100),
        Initialisation = OutputBiasAtLogOdds,
        Optimiser = new Adam(0.005),
        Data = PixelEncoding.DynamicBinary,
        Loss = "−log p(x)",
        Budgets = new(QuickBudget, Default: new(4), Full: new(100, EarlyStopping: new(Patience: 10))),
        Metric = QualityMetric.ExactNll,
    };

    /// <summary>Chapter 02's best fixed-order model: one hidden layer of 500, one mask in the natural order, direct
    /// connections; full profile: at most 100 epochs, early stopping with a patience of 10 (a single MADE of 500 units
    /// fits the training digits fast and is the most likely of the three to overfit).</summary>
    public static Recipe<MadeOptions, Adam> Made { get; } = new()
    {
        Name = "made",
        Title = "MADE + direct connections (Germain et al. 2015)",
        Chapter = "02",
        Options = new MadeOptions(Mnist.PixelsPerImage, [500], DirectConnections: true),
        Initialisation = OutputBiasAtLogOdds,
        Optimiser = new Adam(0.005),
        Data = PixelEncoding.DynamicBinary,
        Loss = "−log p(x)",
        Budgets = new(QuickBudget, Default: new(4), Full: new(100, EarlyStopping: new(Patience: 10))),
        Metric = QualityMetric.ExactNll,
    };

    /// <summary>
    /// Chapter 03: encoder and decoder MLPs with two hidden layers of 500 ReLU units and a 50-D latent space (the depth
    /// and latent size of Burda et al. 2016), the decoder's output bias at the pixel log-odds, the KL weight warmed up
    /// linearly over the first 2,500 steps (5 epochs; Bowman et al. 2016, Sønderby et al. 2016) against posterior
    /// collapse; scored by −IWAE-k. Full profile: at most 300 epochs, early stopping on the validation −ELBO with a
    /// patience of 30 (validation scores the −ELBO itself, also during the 5-epoch warm-up, so every epoch is compared on
    /// the same objective).
    /// </summary>
    public static Recipe<VaeOptions, Adam> Vae { get; } = new()
    {
        Name = "vae",
        Title = "VAE (Kingma & Welling 2014)",
        Chapter = "03",
        Options = new VaeOptions(Mnist.PixelsPerImage, Latent: 50, Hidden: [500, 500], KlWarmUpSteps: 2_500),
        Initialisation = "decoder " + OutputBiasAtLogOdds,
        Optimiser = new Adam(0.001),
        Data = PixelEncoding.DynamicBinary,
        Loss = "−ELBO with one draw of ε, the KL weighted by the warm-up",
        Budgets = new(QuickBudget, Default: new(12), Full: new(300, EarlyStopping: new(Patience: 30))),
        Metric = QualityMetric.IwaeNll,
    };

    /// <summary>
    /// Chapter 04: DCGAN for 28 × 28 digits, the non-saturating game with k = 1, at half the paper's width (W = 32) and
    /// 2.5 times its learning rate (5·10⁻⁴ for both players), so that the default profile trains three epochs within the
    /// chapter's budget.
    /// </summary>
    /// <remarks>
    /// Why (a helper's runs on 2 contended cores, FID-style score of 1,000 samples against the first 1,000 test digits in
    /// the features of the 2-epoch MLP digit classifier, real-digit floor 3.1): the paper's W = 64 and 2·10⁻⁴ scored 25.8
    /// after one epoch; W = 64 at 5·10⁻⁴ scored 15.0 after one epoch and 11.6 after two; W = 32 at 5·10⁻⁴ scored 17.3,
    /// 12.3, 11.2 and 11.1 after one to four epochs, at 4.6 times the examples per second of W = 64 (about 600 examples/s
    /// uncontended), so three epochs at W = 32 cost less than one at W = 64 and score better.
    /// </remarks>
    public static Recipe<DcganOptions, AdversarialTrainerOptions> Dcgan { get; } = new()
    {
        Name = "dcgan",
        Title = "DCGAN (Radford et al. 2016)",
        Chapter = "04",
        Options = new DcganOptions(Latent: 100, Width: 32, Loss: GeneratorLoss.NonSaturating),
        Optimiser = new AdversarialTrainerOptions(GeneratorLearningRate: 5e-4, DiscriminatorLearningRate: 5e-4),
        Data = PixelEncoding.Grey,
        Loss = "the non-saturating GAN game, k = 1",
        Budgets = new(new(Epochs: 2, ExamplesPerEpoch: 500, ValidationImages: 200), Default: new(3), Full: new(20)),
        Metric = QualityMetric.Frechet,
    };

    /// <summary>
    /// Chapter 04: the label-conditioned GAN with MLP players (256, 256), learning rate 10⁻³ for both players; default
    /// 8 epochs.
    /// </summary>
    /// <remarks>
    /// Why 8 epochs (a helper's run with these options, the 2-epoch MLP digit classifier reading 100 samples of each
    /// digit): the label agreement is at chance for two epochs, 42 % after 4 (the old default), 83 % after 7, and 89–92 %
    /// from 8 to 12, where the FID-style score levels off at 6.5–9 (floor 3.1); at 2·10⁻⁴ it stayed at chance for
    /// 6 epochs. An epoch of this MLP costs a sixth of a DCGAN epoch at W = 32.
    /// </remarks>
    public static Recipe<ConditionalGanOptions, AdversarialTrainerOptions> ConditionalGan { get; } = new()
    {
        Name = "cgan",
        Title = "Conditional GAN (Mirza & Osindero 2014)",
        Chapter = "04",
        Options = new ConditionalGanOptions(Latent: 64, Hidden: [256, 256]),
        Optimiser = new AdversarialTrainerOptions(),
        Data = PixelEncoding.Grey,
        Loss = "the non-saturating GAN game with one-hot labels, k = 1",
        Budgets = new(QuickBudget, Default: new(8), Full: new(50)),
        Metric = QualityMetric.Frechet,
    };

    /// <summary>
    /// Chapter 05: the convolutional RealNVP at two scales (squeeze first, factor out half; 4 couplings of 64 filters
    /// per block), in logit space with MAF's α = 10⁻⁶ for MNIST, small batches for many steps. One epoch already scores
    /// below the per-pixel histograms (<see cref="Models.Autoregressive.IndependentCategorical"/>).
    /// </summary>
    public static Recipe<RealNvpOptions, Adam> RealNvp { get; } = new()
    {
        Name = "realnvp",
        Title = "RealNVP (Dinh et al. 2017)",
        Chapter = "05",
        Options = new RealNvpOptions(
            Mnist.PixelsPerImage, Couplings: 4, Hidden: 64, Image: new ImageShape(1, Mnist.Rows, Mnist.Columns), Convolutional: true, Scales: 2, FullResolution: false),
        Optimiser = new Adam(0.003, ClipNorm: 100),
        BatchSize = 32,
        Data = PixelEncoding.Raw,
        Loss = DequantizedLoss(LogitTransform.MnistAlpha),
        Budgets = new(QuickBudget, Default: new(1), Full: new(15)),
        Metric = QualityMetric.BitsPerDimension,
    };

    /// <summary>
    /// Chapter 05: MAF MoG (Papamakarios et al. 2017): 5 Gaussian MADE layers of one hidden layer of 512, order reversed
    /// between layers, an ActNorm before each (for the paper's batch norm), on a MADE MoG base with 5 Gaussians per
    /// conditional; log-scales soft-clamped at ±5; logit squeeze α = 10⁻⁶ as in the paper. The plain MAF (normal base)
    /// with this paper's 10⁻⁴ learning rate and RealNVP's α = 0.05 scored 3.66 bits/dim, worse than the per-pixel
    /// histograms (<see cref="Models.Autoregressive.IndependentCategorical"/>).
    /// </summary>
    public static Recipe<MafOptions, Adam> Maf { get; } = new()
    {
        Name = "maf",
        Title = "MAF MoG (Papamakarios et al. 2017)",
        Chapter = "05",
        Options = new MafOptions(Mnist.PixelsPerImage, Layers: 5, HiddenSizes: [512], UseActNorm: true, BaseComponents: 5),
        Optimiser = new Adam(1e-3, ClipNorm: 100),
        Data = PixelEncoding.Raw,
        Loss = DequantizedLoss(LogitTransform.MnistAlpha),
        Budgets = new(new(Epochs: 2, ExamplesPerEpoch: 500, ValidationImages: 200), Default: new(1), Full: new(30)),
        Metric = QualityMetric.BitsPerDimension,
    };

    /// <summary>
    /// Chapter 07: a Bernoulli RBM with 500 hidden units trained by CD-5, ε decayed linearly to 0 over the budget's
    /// epochs; its NLL is an AIS <b>estimate</b>.
    /// </summary>
    public static Recipe<RbmOptions, ContrastiveDivergenceOptions> Rbm { get; } = new()
    {
        Name = "rbm",
        Title = "RBM, CD-5 (Hinton 2002; Salakhutdinov & Murray 2008)",
        Chapter = "07",
        Options = new RbmOptions(Mnist.PixelsPerImage, Hidden: 500),
        Initialisation = "visible bias at the pixel log-odds of the statically binarized training images",
        Optimiser = new ContrastiveDivergenceOptions(Steps: 5, LearningRate: 0.05, Momentum: 0.5, WeightDecay: 1e-4),
        Data = PixelEncoding.DynamicBinary,
        Loss = "CD-5 updates (no loss is differentiated; the reconstruction error is reported)",
        Budgets = new(QuickBudget, Default: new(4), Full: new(50)),
        Metric = QualityMetric.AisNll,
    };

    /// <summary>Chapter 08: gated PixelCNN, 6 layers (7 × 7 with mask A, then 3 × 3) of 16 channels.</summary>
    public static Recipe<PixelCnnOptions, Adam> PixelCnn { get; } = new()
    {
        Name = "pixelcnn",
        Title = "Gated PixelCNN (van den Oord et al. 2016)",
        Chapter = "08",
        Options = new PixelCnnOptions(Variant: PixelCnnVariant.Gated, Channels: 16, Layers: 6),
        Initialisation = "pixel bias at the pixel log-odds of the statically binarized training images",
        Optimiser = new Adam(0.003),
        Data = PixelEncoding.DynamicBinary,
        Loss = "−log p(x)",
        BatchSize = 50,
        // A validation pass costs a third of a training pass; 2,000 images keep it under 5 % of an epoch.
        Budgets = new(new(Epochs: 2, ExamplesPerEpoch: 500, ValidationImages: 200), Default: new(1, ValidationImages: 2000), Full: new(20, ValidationImages: 2000)),
        Metric = QualityMetric.ExactNll,
    };

    /// <summary>
    /// Chapter 09: a class-conditional DDPM (Ho et al. 2020) whose labels are dropped to ∅ one time in ten, so it is
    /// also the unconditional model and can be guided (Ho &amp; Salimans 2022). The U-Net reads 2 × 2 patches (14 × 14 × 4,
    /// then 7 × 7) with 32 and 64 channels; T = 1,000 linear steps; ε-prediction; samples and scores from the moving
    /// average of the weights.
    /// </summary>
    public static Recipe<DdpmModelOptions, DiffusionTraining> Ddpm { get; } = new()
    {
        Name = "ddpm",
        Title = "DDPM (Ho et al. 2020), class-conditional with ∅",
        Chapter = "09",
        Options = new DdpmModelOptions(
            new DiffusionUNetOptions(Channels: 32, Multipliers: [1, 2], Classes: 10, PatchSize: 2),
            NoiseScheduleKind.Linear, Steps: 1000, new DdpmOptions(LabelDropout: 0.1)),
        Optimiser = new DiffusionTraining(new Adam(0.002, ClipNorm: 1), AverageDecay: 0.995),
        BatchSize = 64,
        Data = PixelEncoding.Raw,
        Loss = "L_simple = ‖ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t, y)‖², t uniform on 1…T, x₀ = 2k/255 − 1",
        Budgets = new(new(Epochs: 2, ExamplesPerEpoch: 500, ValidationImages: 200), Default: new(3, ExamplesPerEpoch: 25_000, ValidationImages: 1000), Full: new(20, ValidationImages: 1000)),
        Metric = QualityMetric.BoundBitsPerDimension,
    };
}
