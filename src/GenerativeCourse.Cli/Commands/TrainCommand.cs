using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GenerativeCourse.Catalog;
using GenerativeCourse.Training;
using Spectre.Console;
using Profile = GenerativeCourse.Catalog.Profile;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse train &lt;model&gt; [--profile quick|default|full] [--epochs n] [--seed s] [--out artifacts/checkpoints] [--resume]</c>:
/// trains a catalogue model (<see cref="ModelCatalog"/>) to its recipe's budget for the profile, with a progress bar, a checkpoint after every epoch
/// (<see cref="TrainingSession"/>), and a clean stop on Ctrl+C that keeps the last finished epoch's checkpoint.
/// Exit codes: 0 trained; 2 unknown model or unusable checkpoint; 130 stopped by Ctrl+C; 1 training failed (NaN loss).
/// </summary>
internal static class TrainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<string>("model") { Description = $"The model to train: {string.Join(", ", ModelCatalog.Names)}" };
        var profile = new Option<string>("--profile")
        {
            Description = "Whose budget to train for, and the checkpoint's name (<model>-<profile>.ckpt): quick, default (the chapters') or full (the README's)",
            DefaultValueFactory = _ => Profile.Default.Name(),
        };
        profile.AcceptOnlyFromAmong([.. Profiles.Names]);
        var epochs = new Option<int?>("--epochs") { Description = "Total epochs to reach (resumed ones count); default: the recipe's budget for the profile" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights and of every epoch's data order", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Folder of the checkpoints (<model>-<profile>.ckpt), where the chapters look for them", DefaultValueFactory = _ => "artifacts/checkpoints" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the model's checkpoint in --out if there is one" };
        var examples = new Option<int?>("--examples-per-epoch") { Description = "Train on a random subset of this many images per epoch (quick tries)" };
        var command = new Command("train", "Train a model of the course from its recipe, with a checkpoint after every epoch.") { model, profile, epochs, seed, output, resume, examples };
        command.SetAction((parse, cancellation) => Task.Run(() => Train(
            console,
            parse.GetValue(model)!,
            Profiles.Parse(parse.GetValue(profile)!),
            parse.GetValue(epochs),
            parse.GetValue(seed),
            parse.GetValue(output)!,
            parse.GetValue(resume),
            parse.GetValue(examples),
            cancellation)));
        return command;
    }

    private static int Train(IAnsiConsole console, string name, Profile profile, int? epochs, ulong seed, string folder, bool resume, int? examplesPerEpoch, CancellationToken cancellation)
    {
        if (ModelCatalog.Find(name) is not { } entry)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ModelCatalog.UnknownModelMessage(name))}");
            return ExitCodes.BadUsage;
        }

        if (epochs is < 1 || examplesPerEpoch is < 1)
        {
            console.MarkupLine("[red]error:[/] --epochs and --examples-per-epoch must be positive.");
            return ExitCodes.BadUsage;
        }

        Course.Setup();
        using var run = entry.Create(new RunSettings(profile, seed, examplesPerEpoch));
        var target = epochs ?? run.Epochs;
        var path = run.CheckpointPath(folder);
        console.MarkupLine(Markup.Escape(Invariant($"{entry.Title}: {run.ParameterCount:N0} parameters; {entry.Recipe.Describe()}; {profile.Name()} profile: {target} epochs of {run.ExamplesPerEpoch:N0} images, seed {seed}.")));
        TrainingOutcome outcome;
        try
        {
            if (resume && File.Exists(path))
            {
                console.MarkupLine(Markup.Escape($"Resuming from {path} (epoch {Checkpoint.ReadMetadata(path).Epoch})."));
            }

            outcome = WithProgress(console, run, target, path, resume, cancellation);
        }
        catch (CheckpointException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.BadUsage;
        }
        catch (NonFiniteLossException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)} The checkpoint {Markup.Escape(path)} holds the last finished epoch.");
            return ExitCodes.Failed;
        }

        if (outcome.Cancelled)
        {
            console.MarkupLine(Markup.Escape(outcome.CompletedEpochs > 0
                ? $"Stopped. {path} holds epoch {outcome.CompletedEpochs}; continue with: gencourse train {entry.Name} --profile {profile.Name()} --epochs {target} --seed {seed} --resume"
                : "Stopped before the first epoch finished; no checkpoint was written."));
            return ExitCodes.Cancelled;
        }

        console.MarkupLine(Markup.Escape(outcome.Epochs.Count == 0
            ? $"{path} already holds {outcome.CompletedEpochs} epochs (asked for {target}){outcome.EarlyStoppingWords}; nothing to train."
            : $"Trained {entry.Name} to epoch {outcome.CompletedEpochs}{outcome.EarlyStoppingWords}; checkpoint: {path}"));
        return ExitCodes.Success;
    }

    /// <summary>One bar over all remaining steps: epoch, batch, loss, examples/s and Spectre's ETA.</summary>
    /// <remarks>
    /// The bar is redrawn by the training thread itself (at most ten times a second), not by Spectre's refresh
    /// thread: TorchSharp 0.107 frees temporary scalars by finalizer without keeping them alive during the native
    /// call, so a garbage collection started by another thread's allocations can free a scalar that libtorch is
    /// reading. With one thread allocating, no collection can start in the middle of a native call.
    /// </remarks>
    private static TrainingOutcome WithProgress(IAnsiConsole console, ModelRun run, int target, string path, bool resume, CancellationToken cancellation)
    {
        TrainingOutcome? outcome = null;
        console.Progress()
            .AutoRefresh(false)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"{run.Entry.Name}"), maxValue: Math.Max(1, target * run.StepsPerEpoch));
                var sinceRedraw = Stopwatch.StartNew();
                outcome = TrainingSession.Run(run, target, path, resume, cancellation,
                    stepProgress: step =>
                    {
                        task.Value = ((step.Epoch - 1) * run.StepsPerEpoch) + step.Step;
                        task.Description = Markup.Escape(Invariant(
                            $"{run.Entry.Name} epoch {step.Epoch}/{target} batch {step.Step}/{run.StepsPerEpoch} loss {step.Loss:F3} {step.ExamplesPerSecond:N0} ex/s"));
                        if (sinceRedraw.ElapsedMilliseconds >= 100)
                        {
                            context.Refresh();
                            sinceRedraw.Restart();
                        }
                    },
                    epochProgress: report =>
                    {
                        task.Value = report.Epoch * run.StepsPerEpoch;
                        console.WriteLine($"{report}  checkpoint saved");
                        context.Refresh();
                    });
                task.Value = run.CompletedEpochs * run.StepsPerEpoch;
                context.Refresh();
            });
        return outcome!;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
