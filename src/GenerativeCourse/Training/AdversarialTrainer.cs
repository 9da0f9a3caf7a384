using System.Diagnostics;
using GenerativeCourse.Models.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// Alternating gradient training of a GAN (Goodfellow et al. 2014, algorithm 1): k discriminator steps that
/// ascend V(D, G) on a real batch and a fake batch, then one generator step on its own loss
/// (<see cref="GeneratorLoss"/>), each player with its own Adam optimiser; optionally an R1 gradient penalty on the
/// discriminator (<see cref="AdversarialTrainerOptions.R1Weight"/>). A model whose loss is
/// <see cref="GeneratorLoss.Wasserstein"/> plays WGAN-GP instead: its discriminator is trained as a critic on
/// <see cref="WassersteinLosses.Critic"/> plus the gradient penalty (<see cref="AdversarialTrainerOptions.GradientPenaltyWeight"/>).
/// </summary>
/// <remarks>
/// <para>In a discriminator step the fakes are generated without gradients, so θ_g receives none; in a generator
/// step gradients flow through D into G but only G's optimiser steps, and D's gradients are zeroed before its next
/// step. Every step runs in its own dispose scope, including the call that fetches the real batch, so memory stays
/// flat however long training runs.</para>
/// <para>Works for an unconditional <see cref="IAdversarialModel"/> (<see cref="Gan"/>, <see cref="Dcgan"/>) and a
/// label-conditioned <see cref="IConditionalAdversarialModel"/> (<see cref="ConditionalGan"/>), whose real batches
/// come with labels and whose fakes get labels drawn uniformly.</para>
/// <para>The trainer draws z (and fake labels) from its own <see cref="torch.Generator"/> seeded by
/// <see cref="AdversarialTrainerOptions.Seed"/>: with a seeded model and seeded real batches a run replays exactly.
/// The optimisers live as long as the trainer, so <c>Fit</c> continues training; create the trainer
/// outside any dispose scope.</para>
/// </remarks>
public sealed class AdversarialTrainer : IDisposable
{
    private readonly nn.Module? _module;
    private readonly Func<int, torch.Generator, Tensor> _sampleLatent;
    private readonly Func<Tensor, Tensor?, Tensor> _generate;
    private readonly Func<Tensor, Tensor?, Tensor> _discriminate;
    private readonly GeneratorLoss _loss;
    private readonly int _classes;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;
    private readonly torch.Generator _noise;

    /// <param name="model">The GAN; if it is a module it is switched to training mode while <c>Fit</c> runs.</param>
    /// <param name="options">k, learning rates and seed; defaults when null.</param>
    public AdversarialTrainer(IAdversarialModel model, AdversarialTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _sampleLatent = (n, g) => model.SampleLatent(n, g);
        _generate = (z, _) => model.Generate(z);
        _discriminate = (x, _) => model.Discriminate(x);
        _loss = model.GeneratorLoss;
        (Options, _module, _generatorOptimizer, _discriminatorOptimizer, _noise) =
            Setup(model, model.GeneratorParameters(), model.DiscriminatorParameters(), options);
    }

    /// <param name="model">A label-conditioned GAN; fakes get labels drawn uniformly from its classes.</param>
    /// <param name="options">k, learning rates and seed; defaults when null.</param>
    public AdversarialTrainer(IConditionalAdversarialModel model, AdversarialTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _sampleLatent = (n, g) => model.SampleLatent(n, g);
        _generate = (z, y) => model.Generate(z, y!);
        _discriminate = (x, y) => model.Discriminate(x, y!);
        _loss = model.GeneratorLoss;
        _classes = model.Classes;
        (Options, _module, _generatorOptimizer, _discriminatorOptimizer, _noise) =
            Setup(model, model.GeneratorParameters(), model.DiscriminatorParameters(), options);
    }

    private static (AdversarialTrainerOptions, nn.Module?, optim.Optimizer, optim.Optimizer, torch.Generator) Setup(
        object model, IEnumerable<TorchSharp.Modules.Parameter> generatorParameters, IEnumerable<TorchSharp.Modules.Parameter> discriminatorParameters, AdversarialTrainerOptions? options)
    {
        var o = options ?? new AdversarialTrainerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(o.DiscriminatorSteps, 1, nameof(AdversarialTrainerOptions.DiscriminatorSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(o.GeneratorLearningRate, nameof(AdversarialTrainerOptions.GeneratorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(o.DiscriminatorLearningRate, nameof(AdversarialTrainerOptions.DiscriminatorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(o.R1Weight, nameof(AdversarialTrainerOptions.R1Weight));
        ArgumentOutOfRangeException.ThrowIfNegative(o.GradientPenaltyWeight, nameof(AdversarialTrainerOptions.GradientPenaltyWeight));
        return (
            o,
            model as nn.Module,
            optim.Adam(generatorParameters, o.GeneratorLearningRate, o.Beta1, o.Beta2),
            optim.Adam(discriminatorParameters, o.DiscriminatorLearningRate, o.Beta1, o.Beta2),
            new torch.Generator(o.Seed));
    }

    public AdversarialTrainerOptions Options { get; }

    /// <summary>The generator's and the discriminator's optimisers, in that order: their state goes into a checkpoint.</summary>
    public IReadOnlyList<optim.Optimizer> Optimizers => [_generatorOptimizer, _discriminatorOptimizer];

    /// <summary>The trainer's own source of z and fake labels; a checkpoint saves its state for an exact resume.</summary>
    public torch.Generator Noise => _noise;

    /// <summary>Every generator step so far, over all <c>Fit</c> calls.</summary>
    public AdversarialHistory History { get; } = new();

    /// <summary>
    /// Runs <paramref name="steps"/> generator steps, each after k discriminator steps.
    /// </summary>
    /// <param name="realBatch">Returns the next batch of real examples, <c>[batch, ...]</c>; called k times per
    /// generator step, inside that step's dispose scope. The generator's batch has the size of the last one.</param>
    /// <param name="steps">Number of generator steps.</param>
    /// <returns><see cref="History"/>, including earlier calls.</returns>
    /// <exception cref="NonFiniteLossException">A loss was NaN or infinite; no optimiser stepped on it.</exception>
    public AdversarialHistory Fit(Func<Tensor> realBatch, int steps)
    {
        ArgumentNullException.ThrowIfNull(realBatch);
        if (_classes > 0)
        {
            throw new InvalidOperationException("This trainer holds a conditional GAN: pass batches of (examples, labels).");
        }

        return Run(() => (realBatch(), null), steps);
    }

    /// <summary>
    /// Runs <paramref name="steps"/> generator steps of a conditional GAN, each after k discriminator steps. Fakes get
    /// labels drawn uniformly from the classes with the trainer's generator.
    /// </summary>
    /// <param name="realBatch">Returns the next real examples <c>[batch, ...]</c> and their labels int64 <c>[batch]</c>.</param>
    /// <param name="steps">Number of generator steps.</param>
    public AdversarialHistory Fit(Func<(Tensor Examples, Tensor Labels)> realBatch, int steps)
    {
        ArgumentNullException.ThrowIfNull(realBatch);
        if (_classes == 0)
        {
            throw new InvalidOperationException("This trainer holds an unconditional GAN: pass batches of examples only.");
        }

        return Run(() => realBatch(), steps);
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _noise.Dispose();
    }

    private AdversarialHistory Run(Func<(Tensor Examples, Tensor? Labels)> realBatch, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        _module?.train();
        var clock = Stopwatch.StartNew();
        var first = History.Steps.Count + 1;
        for (var step = first; step < first + steps; step++)
        {
            using var scope = NewDisposeScope();
            (double Loss, double Real, double Fake) discriminator = default;
            long batch = 0;
            for (var i = 0; i < Options.DiscriminatorSteps; i++)
            {
                var (real, labels) = realBatch();
                batch = real.shape[0];
                discriminator = DiscriminatorStep(step, real, labels);
            }

            var generatorLoss = GeneratorStep(step, batch);
            var record = new AdversarialStep(step, discriminator.Loss, generatorLoss, discriminator.Real, discriminator.Fake);
            History.Add(record);
            Options.Progress?.Invoke(record);
        }

        History.TrainTime += clock.Elapsed;
        return History;
    }

    /// <summary>n fakes G(z) (and their labels, for a conditional model), with gradients into θ_g.</summary>
    private (Tensor Examples, Tensor? Labels) Fake(long n)
    {
        var z = _sampleLatent((int)n, _noise);
        var labels = _classes > 0 ? randint(_classes, [n], ScalarType.Int64, z.device, generator: _noise) : null;
        return (_generate(z, labels), labels);
    }

    private (double Loss, double Real, double Fake) DiscriminatorStep(int step, Tensor real, Tensor? realLabels)
    {
        using var scope = NewDisposeScope();
        Tensor fake;
        Tensor? fakeLabels;
        using (no_grad())
        {
            (fake, fakeLabels) = Fake(real.shape[0]);
        }

        _discriminatorOptimizer.zero_grad();
        // R1 differentiates D with respect to its input, so the input must be a leaf that records gradients.
        var input = Options.R1Weight > 0 ? real.detach().requires_grad_(true) : real;
        var realLogits = _discriminate(input, realLabels);                       // [batch]
        var fakeLogits = _discriminate(fake, fakeLabels);                        // [batch]
        var wasserstein = _loss == GeneratorLoss.Wasserstein;
        var loss = wasserstein ? WassersteinLosses.Critic(realLogits, fakeLogits) : GanLosses.Discriminator(realLogits, fakeLogits);
        var value = Check(step, "discriminator", loss);
        var total = loss;
        if (wasserstein)
        {
            // The interpolates carry the real labels: the penalty asks for slope 1 along the segments of each class.
            total = total + WassersteinLosses.GradientPenalty(x => _discriminate(x, realLabels), real, fake, Options.GradientPenaltyWeight, _noise);
        }

        if (Options.R1Weight > 0)
        {
            total = total + GanLosses.R1Penalty(realLogits, input, Options.R1Weight);
        }

        Check(step, "discriminator (with its penalty)", total);
        total.backward();
        _discriminatorOptimizer.step();
        using var noGrad = no_grad();
        // A critic's values are not logits: record their means instead of σ.
        var (realScore, fakeScore) = wasserstein ? (realLogits.mean(), fakeLogits.mean()) : (sigmoid(realLogits).mean(), sigmoid(fakeLogits).mean());
        return (value, realScore.item<float>(), fakeScore.item<float>());
    }

    private double GeneratorStep(int step, long batch)
    {
        using var scope = NewDisposeScope();
        _generatorOptimizer.zero_grad();
        var (fake, labels) = Fake(batch);
        var loss = GanLosses.Generator(_discriminate(fake, labels), _loss);
        var value = Check(step, "generator", loss);
        loss.backward();
        _generatorOptimizer.step();
        // D's parameters got gradients too; they are cleared by the next discriminator step's zero_grad.
        return value;
    }

    private static double Check(int step, string player, Tensor loss)
    {
        var value = loss.to_type(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value))
        {
            throw new NonFiniteLossException($"The {player} loss of generator step {step} is {value}; no optimiser stepped on it.");
        }

        return value;
    }
}
