using System.Diagnostics;
using System.Globalization;
using GenerativeCourse.Data;
using GenerativeCourse.Training;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// A <see cref="DigitClassifier"/> kept as a checkpoint (<see cref="Checkpoint"/>: atomic, SHA-256-checked) keyed by
/// its <see cref="DigitClassifierRecipe.Text"/>, the way catalogue checkpoints are keyed by their recipe: a file of
/// another recipe or seed, or a damaged file, is trained over, never loaded. Only the weights are stored (the network
/// is never trained further).
/// </summary>
internal static class DigitClassifierCheckpoint
{
    /// <summary>The model name a checkpoint of the classifier carries.</summary>
    public const string ModelName = "digit-classifier";

    public static DigitClassifier LoadOrTrain(DigitClassifierRecipe recipe, string checkpointDirectory, Action<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        recipe.Validate();
        var path = Path.Combine(Path.GetFullPath(checkpointDirectory), DigitClassifierRecipe.CheckpointFileName);
        var stale = StaleReason(recipe, path);
        if (stale is null && File.Exists(path))
        {
            var model = new DigitClassifier();
            var metadata = Checkpoint.Load(path, ModelName, recipe.Text, model, [], []);
            model.eval();
            model.SetProvenance(string.Create(CultureInfo.InvariantCulture,
                $"loaded from {path} ({metadata.Epoch} epochs, seed {metadata.Seed}, saved {metadata.SavedUtc:yyyy-MM-dd HH:mm} UTC); not trained here"));
            return model;
        }

        var clock = Stopwatch.StartNew();
        using var all = Mnist.Train.Images();                                                     // [50000, 784]
        using var allLabels = Mnist.Train.LabelTensor();                                          // [50000]
        using var images = all.narrow(0, 0, recipe.TrainImages);
        using var labels = allLabels.narrow(0, 0, recipe.TrainImages);
        var (trained, losses) = DigitClassifier.Fit(images, labels, recipe.Epochs, recipe.Seed, recipe.BatchSize, recipe.LearningRate, progress);
        var seconds = clock.Elapsed.TotalSeconds;
        Checkpoint.Save(path, new CheckpointMetadata(ModelName, recipe.Text, recipe.Seed, recipe.Epochs, losses.ToArray(),
            CheckpointMetadata.CurrentLibraryVersion, DateTimeOffset.UtcNow), trained, [], []);
        trained.SetProvenance(string.Create(CultureInfo.InvariantCulture,
            $"trained here in {seconds:F0} s ({(double)recipe.Epochs * recipe.TrainImages / seconds:N0} images/s){(stale is null ? "" : $" because {stale}")}; saved to {path}"));
        return trained;
    }

    /// <summary>Why the file at <paramref name="path"/> cannot be loaded for <paramref name="recipe"/>; null when it can or is absent.</summary>
    private static string? StaleReason(DigitClassifierRecipe recipe, string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var metadata = Checkpoint.ReadMetadata(path);
            return metadata.Model != ModelName ? $"the old checkpoint was of {metadata.Model}"
                : metadata.Options != recipe.Text ? "the old checkpoint was of another recipe"
                : null;
        }
        catch (CheckpointException e)
        {
            return $"the old checkpoint could not be read ({e.Problem})";
        }
    }
}
