using System.Diagnostics;
using GenerativeCourse.Models.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// Alternating gradient training of a GAN (Goodfellow et al. 2014, algorithm 1): k discriminator steps that
/// ascend V(D, G) on a real batch and a fake batch, then one generator step on its own loss
/// (<see cref="GeneratorLoss"/>), each player with its own Adam optimiser; optionally an R1 gradient penalty on the
/// discriminator (<see cref="AdversarialTrainerOptions.R1Weight"/>).
/// </summary>
/// <remarks>
/// <para>In a discriminator step the fakes are generated without gradients, so θ_g receives none; in a generator
/// step gradients flow through D into G but only G's optimiser steps, and D's gradients are zeroed before its next
/// step. Every step runs in its own dispose scope, including the call that fetches the real batch, so memory stays
/// flat however long training runs.</para>
/// <para>The trainer draws z from its own <see cref="torch.Generator"/> seeded by
/// <see cref="AdversarialTrainerOptions.Seed"/>: with a seeded model and seeded real batches a run replays exactly.
/// The optimisers live as long as the trainer, so <see cref="Fit"/> continues training; create the trainer
/// outside any dispose scope.</para>
/// </remarks>
public sealed class AdversarialTrainer : IDisposable
{
    private readonly IAdversarialModel _model;
    private readonly nn.Module? _module;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;
    private readonly torch.Generator _noise;

    /// <param name="model">The GAN; if it is a module it is switched to training mode while <see cref="Fit"/> runs.</param>
    /// <param name="options">k, learning rates and seed; defaults when null.</param>
    public AdversarialTrainer(IAdversarialModel model, AdversarialTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new AdversarialTrainerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.DiscriminatorSteps, 1, nameof(AdversarialTrainerOptions.DiscriminatorSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.GeneratorLearningRate, nameof(AdversarialTrainerOptions.GeneratorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.DiscriminatorLearningRate, nameof(AdversarialTrainerOptions.DiscriminatorLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(Options.R1Weight, nameof(AdversarialTrainerOptions.R1Weight));
        _model = model;
        _module = model as nn.Module;
        _generatorOptimizer = optim.Adam(model.GeneratorParameters(), Options.GeneratorLearningRate, Options.Beta1, Options.Beta2);
        _discriminatorOptimizer = optim.Adam(model.DiscriminatorParameters(), Options.DiscriminatorLearningRate, Options.Beta1, Options.Beta2);
        _noise = new torch.Generator(Options.Seed);
    }

    public AdversarialTrainerOptions Options { get; }

    /// <summary>Every generator step so far, over all <see cref="Fit"/> calls.</summary>
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
                var real = realBatch();
                batch = real.shape[0];
                discriminator = DiscriminatorStep(step, real);
            }

            var generatorLoss = GeneratorStep(step, batch);
            var record = new AdversarialStep(step, discriminator.Loss, generatorLoss, discriminator.Real, discriminator.Fake);
            History.Add(record);
            Options.Progress?.Invoke(record);
        }

        History.TrainTime += clock.Elapsed;
        return History;
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _noise.Dispose();
    }

    private (double Loss, double Real, double Fake) DiscriminatorStep(int step, Tensor real)
    {
        using var scope = NewDisposeScope();
        Tensor fake;
        using (no_grad())
        {
            fake = _model.Generate(_model.SampleLatent((int)real.shape[0], _noise));
        }

        _discriminatorOptimizer.zero_grad();
        // R1 differentiates D with respect to its input, so the input must be a leaf that records gradients.
        var input = Options.R1Weight > 0 ? real.detach().requires_grad_(true) : real;
        var realLogits = _model.Discriminate(input);                             // [batch]
        var fakeLogits = _model.Discriminate(fake);                              // [batch]
        var loss = GanLosses.Discriminator(realLogits, fakeLogits);
        var value = Check(step, "discriminator", loss);
        var total = Options.R1Weight > 0 ? loss + GanLosses.R1Penalty(realLogits, input, Options.R1Weight) : loss;
        Check(step, "discriminator (with R1)", total);
        total.backward();
        _discriminatorOptimizer.step();
        using var noGrad = no_grad();
        return (value, sigmoid(realLogits).mean().item<float>(), sigmoid(fakeLogits).mean().item<float>());
    }

    private double GeneratorStep(int step, long batch)
    {
        using var scope = NewDisposeScope();
        _generatorOptimizer.zero_grad();
        var fakeLogits = _model.Discriminate(_model.Generate(_model.SampleLatent((int)batch, _noise)));
        var loss = GanLosses.Generator(fakeLogits, _model.GeneratorLoss);
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
