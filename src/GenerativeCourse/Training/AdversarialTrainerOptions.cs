namespace GenerativeCourse.Training;

/// <summary>Options of <see cref="AdversarialTrainer"/>.</summary>
/// <param name="DiscriminatorSteps">k, discriminator updates per generator update (Goodfellow et al. 2014, algorithm 1; they used k = 1).</param>
/// <param name="GeneratorLearningRate">Adam step size of the generator.</param>
/// <param name="DiscriminatorLearningRate">Adam step size of the discriminator.</param>
/// <param name="Beta1">Adam's first-moment decay for both players; 0.5 rather than 0.9 damps the oscillation of the
/// game (Radford et al. 2016).</param>
/// <param name="Beta2">Adam's second-moment decay for both players.</param>
/// <param name="Seed">Seed of the trainer's own generator of z, so a run replays exactly when the model and the real
/// batches are seeded too.</param>
/// <param name="Progress">Called after every generator step with that step's record.</param>
/// <param name="R1Weight">γ of the R1 gradient penalty on real data (<see cref="Models.Adversarial.GanLosses.R1Penalty"/>)
/// added to every discriminator loss; 0 (the default) means none. Mescheder et al. use γ = 10 for images; 0.1–1 suits
/// the 2-D toys. The recorded <see cref="AdversarialStep.DiscriminatorLoss"/> stays −V(D, G), without the penalty.</param>
/// <param name="GradientPenaltyWeight">λ of the WGAN-GP penalty (<see cref="Models.Adversarial.WassersteinLosses.GradientPenalty"/>),
/// used only for a model whose loss is <see cref="Models.Adversarial.GeneratorLoss.Wasserstein"/>; Gulrajani et al. use 10
/// (with 5 critic steps, lr 1e-4, β₁ = 0, β₂ = 0.9). The recorded loss is the critic's loss without the penalty.</param>
public sealed record AdversarialTrainerOptions(
    int DiscriminatorSteps = 1,
    double GeneratorLearningRate = 1e-3,
    double DiscriminatorLearningRate = 1e-3,
    double Beta1 = 0.5,
    double Beta2 = 0.999,
    ulong Seed = 0,
    Action<AdversarialStep>? Progress = null,
    double R1Weight = 0,
    double GradientPenaltyWeight = 10);

/// <summary>
/// One generator step of adversarial training and the last discriminator step before it.
/// </summary>
/// <param name="Step">Generator step, counting from 1.</param>
/// <param name="DiscriminatorLoss">−V(D, G) on the last discriminator batch, before its update, in nats per example
/// (log 4 ≈ 1.386 when D cannot tell real from fake); for WGAN-GP the critic's E[l(G(z))] − E[l(x)], minus its W₁ estimate.</param>
/// <param name="GeneratorLoss">The generator's loss on its batch, before its update, in nats per example.</param>
/// <param name="RealScore">Mean D(x) over that real batch (1 = confidently real); for WGAN-GP the mean critic value E[l(x)].</param>
/// <param name="FakeScore">Mean D(G(z)) over that fake batch, ½ for both scores at the game's equilibrium; for WGAN-GP E[l(G(z))].</param>
public sealed record AdversarialStep(int Step, double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);

/// <summary>Every <see cref="AdversarialStep"/> of a trainer, in order, as columns for plotting.</summary>
public sealed class AdversarialHistory
{
    private readonly List<AdversarialStep> _steps = [];

    /// <summary>The records, first step first.</summary>
    public IReadOnlyList<AdversarialStep> Steps => _steps;

    /// <summary>Generator step numbers, the x axis.</summary>
    public int[] StepNumbers => _steps.Select(s => s.Step).ToArray();

    public double[] DiscriminatorLoss => _steps.Select(s => s.DiscriminatorLoss).ToArray();

    public double[] GeneratorLoss => _steps.Select(s => s.GeneratorLoss).ToArray();

    /// <summary>Mean D(x) per step.</summary>
    public double[] RealScore => _steps.Select(s => s.RealScore).ToArray();

    /// <summary>Mean D(G(z)) per step.</summary>
    public double[] FakeScore => _steps.Select(s => s.FakeScore).ToArray();

    /// <summary>Wall time spent in <c>AdversarialTrainer.Fit</c>.</summary>
    public TimeSpan TrainTime { get; internal set; }

    /// <summary>Generator steps (each with its k discriminator steps) per second.</summary>
    public double StepsPerSecond => TrainTime > TimeSpan.Zero ? _steps.Count / TrainTime.TotalSeconds : double.NaN;

    internal void Add(AdversarialStep step) => _steps.Add(step);
}
