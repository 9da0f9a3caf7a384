using GenerativeCourse.Evaluation;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using GenerativeCourse.Data;
using GenerativeCourse.Training;

namespace GenerativeCourse.Catalog;

/// <summary>How much one profile trains a recipe's model.</summary>
/// <param name="Epochs">Passes over the training images (at most; see <see cref="ExamplesPerEpoch"/>).</param>
/// <param name="ExamplesPerEpoch">Stop each epoch after this many images, a fresh random subset each epoch; null is
/// the whole training split (50,000 images).</param>
/// <param name="ValidationImages">The first this many validation images are scored after every epoch; null is all
/// 10,000.</param>
/// <param name="EarlyStopping">Stop before <paramref name="Epochs"/> when the validation loss stops improving, keeping the
/// best epoch's model; null trains all the epochs and keeps the last one.</param>
public sealed record Budget(int Epochs, int? ExamplesPerEpoch = null, int? ValidationImages = null, EarlyStopping? EarlyStopping = null)
{
    /// <summary>Images of one epoch, given the training split's size.</summary>
    public int ExamplesOfEpoch(int trainCount) => Math.Min(ExamplesPerEpoch ?? trainCount, trainCount);

    /// <summary>"4 epochs of 50,000 images", or "at most 100 epochs of 50,000 images, early stopping after 10 …".</summary>
    public string Describe(int trainCount) => EarlyStopping is { } rule
        ? string.Create(CultureInfo.InvariantCulture, $"at most {Epochs} epoch{(Epochs == 1 ? "" : "s")} of {ExamplesOfEpoch(trainCount):N0} images, {rule.Text}")
        : string.Create(CultureInfo.InvariantCulture, $"{Epochs} epoch{(Epochs == 1 ? "" : "s")} of {ExamplesOfEpoch(trainCount):N0} images");
}

/// <summary>The budget of each <see cref="Profile"/>.</summary>
public sealed record Budgets(Budget Quick, Budget Default, Budget Full)
{
    public Budget this[Profile profile] => profile switch
    {
        Profile.Quick => Quick,
        Profile.Default => Default,
        Profile.Full => Full,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Expected Quick, Default or Full."),
    };
}

/// <summary>Adam (Kingma &amp; Ba 2015) as a recipe uses it.</summary>
/// <param name="LearningRate">Step size α.</param>
/// <param name="Beta1">First-moment decay β₁.</param>
/// <param name="Beta2">Second-moment decay β₂.</param>
/// <param name="ClipNorm">Rescale each step's gradient to at most this Euclidean norm; null leaves it.</param>
public sealed record Adam(double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double? ClipNorm = null)
{
    /// <summary>A <see cref="Trainer"/> of <paramref name="module"/> with these settings and no fixed loss: each epoch
    /// brings its own (<see cref="Trainer.RunEpoch"/>), closed over the epoch's generator and step count.</summary>
    public Trainer CreateTrainer(TorchSharp.torch.nn.Module module) => new(
        module,
        loss: null,
        new TrainerOptions
        {
            MaxGradientNorm = ClipNorm,
            CreateOptimizer = parameters => TorchSharp.torch.optim.Adam(parameters, LearningRate, Beta1, Beta2),
        });
}

/// <summary>How a diffusion model is trained: Adam on L_simple, and sampling from a moving average of the weights.</summary>
/// <param name="Optimiser">Adam's settings.</param>
/// <param name="AverageDecay">d of the exponential moving average θ̄ ← d θ̄ + (1 − d) θ after every step
/// (<see cref="Training.ExponentialMovingAverage"/>; Ho et al. 2020: 0.9999 over 800,000 steps).</param>
public sealed record DiffusionTraining(Adam Optimiser, double AverageDecay);

/// <summary>
/// Everything that defines a trained headline model, as data: the paper, the options, the optimiser, the batch, how the
/// training images are encoded, the initialisation, the loss, and the budget of each profile. One record per model
/// lives in <see cref="Recipes"/>; the chapters, <c>gencourse train</c> and <c>gencourse bench</c> build the model from
/// it, so one model gives one number everywhere.
/// </summary>
/// <remarks>Nothing is typed twice: <see cref="Text"/> (what a checkpoint records, so a changed recipe never loads an
/// old checkpoint) and <see cref="Describe"/> are derived from the fields.</remarks>
public abstract record Recipe
{
    /// <summary>Command-line name, lower case: <c>nade</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Model and paper: "NADE (Larochelle &amp; Murray 2011)".</summary>
    public required string Title { get; init; }

    /// <summary>The chapter whose headline model this is ("02").</summary>
    public required string Chapter { get; init; }

    /// <summary>How the training images are encoded (dynamic binarization, 8-bit bytes, grey levels).</summary>
    public required PixelEncoding Data { get; init; }

    /// <summary>The objective, in words: "−log p(x)".</summary>
    public required string Loss { get; init; }

    /// <summary>Anything the initialisation does beyond the model's default, in words; empty for nothing.</summary>
    public string Initialisation { get; init; } = "";

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>The budget of each profile.</summary>
    public required Budgets Budgets { get; init; }

    /// <summary>The quality number the model is judged by.</summary>
    public required QualityMetric Metric { get; init; }

    /// <summary>The model's options record.</summary>
    public abstract object ModelOptions { get; }

    /// <summary>The optimiser's (or CD's, or the GAN game's) options record.</summary>
    public abstract object OptimiserOptions { get; }

    /// <summary>
    /// The recipe without its budgets, in one line: options, initialisation, optimiser, batch, data, loss. A checkpoint
    /// records it and loads only into a run whose recipe gives the same text, so a changed loss (a warm-up, a flow's
    /// logit α) also retrains.
    /// </summary>
    public string Text => string.Join("; ", new[]
    {
        RecipeText.Of(ModelOptions),
        Initialisation,
        RecipeText.Of(OptimiserOptions),
        $"batch {BatchSize}",
        $"{DataWords} training images",
        Loss,
    }.Where(part => part.Length > 0));

    /// <summary>"dynamically binarized digits, −log p(x), Adam(LearningRate: 0.005, …), batches of 100".</summary>
    public string Describe() => $"{DataWords} digits, {Loss}, {RecipeText.Of(OptimiserOptions)}, batches of {BatchSize}";

    /// <summary><see cref="Data"/> in words: "dynamically binarized", "8-bit", "grey-level".</summary>
    public string DataWords => Data switch
    {
        PixelEncoding.DynamicBinary => "dynamically binarized",
        PixelEncoding.StaticBinary => "statically binarized",
        PixelEncoding.Raw => "8-bit",
        _ => "grey-level",
    };
}

/// <summary>A <see cref="Recipe"/> with its options typed, for the code that builds the model.</summary>
/// <typeparam name="TOptions">The model's options record (<c>NadeOptions</c>).</typeparam>
/// <typeparam name="TOptimiser">The optimiser's options record (<see cref="Adam"/>, CD's, the GAN game's).</typeparam>
public sealed record Recipe<TOptions, TOptimiser> : Recipe
    where TOptions : notnull
    where TOptimiser : notnull
{
    public required TOptions Options { get; init; }

    public required TOptimiser Optimiser { get; init; }

    public override object ModelOptions => Options;

    public override object OptimiserOptions => Optimiser;
}

/// <summary>A record's properties as text, lists spelled out: <c>MadeOptions(Dimensions: 784, HiddenSizes: [500], …)</c>.</summary>
/// <remarks>The compiler's record <c>ToString</c> prints a list as its type name, which would let two different
/// hidden-layer lists look alike in a checkpoint. A property marked <see cref="OmittedAtDefaultAttribute"/> is left out
/// while it holds its constructor default, so adding such an option keeps the text of every recipe that does not use it.</remarks>
public static class RecipeText
{
    public static string Of(object? value) => value switch
    {
        null => "null",
        string text => text,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable when value.GetType().IsPrimitive || value is decimal => formattable.ToString(null, CultureInfo.InvariantCulture),
        Enum or bool => value.ToString()!,
        Delegate => "(callback)",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Of)) + "]",
        _ when IsRecord(value.GetType()) => Record(value),
        _ => value.ToString() ?? "",
    };

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static string Record(object value)
    {
        var text = new StringBuilder(value.GetType().Name).Append('(');
        var properties = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => !p.IsDefined(typeof(OmittedAtDefaultAttribute)) || !Equals(p.GetValue(value), ConstructorDefault(p)));
        text.AppendJoin(", ", properties.Select(p => $"{p.Name}: {Of(p.GetValue(value))}"));
        return text.Append(')').ToString();
    }

    /// <summary>The default value of the positional parameter behind <paramref name="property"/>.</summary>
    private static object? ConstructorDefault(PropertyInfo property) =>
        property.DeclaringType!.GetConstructors()
            .SelectMany(constructor => constructor.GetParameters())
            .FirstOrDefault(parameter => parameter.Name == property.Name && parameter.HasDefaultValue) is { } match
            ? match.DefaultValue
            : throw new InvalidOperationException(
                $"{property.DeclaringType.Name}.{property.Name} is marked [OmittedAtDefault] but no constructor parameter of that name has a default value.");
}
