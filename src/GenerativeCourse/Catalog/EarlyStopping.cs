using System.Globalization;

namespace GenerativeCourse.Catalog;

/// <summary>
/// Early stopping on the validation split (Prechelt 1998; Goodfellow et al. 2016, §7.8): after every epoch the
/// validation loss v_e of <see cref="ModelRun.ValidationLoss"/> is compared with the best so far; training stops once
/// <see cref="Patience"/> epochs in a row have not improved on it, and the model kept is the one of the best epoch
/// j = argmin_e v_e (the first such epoch), not the last one.
/// </summary>
/// <remarks>
/// <para>An improvement is any strictly lower v_e. The validation loss is computed with fixed data and fixed noise
/// (<see cref="ModelRun.ValidationLoss"/>), so it moves only because the parameters did.</para>
/// <para>A rule belongs to a <see cref="Budget"/>, not to the recipe's <see cref="Recipe.Text"/>: a profile whose budget
/// has none trains and saves exactly as before, and the rule's <see cref="Text"/> joins the checkpoint's options text
/// only for the profiles that use it (<see cref="ModelRun.OptionsText"/>).</para>
/// </remarks>
/// <param name="Patience">Epochs without improvement after which training stops, at least 1.</param>
public sealed record EarlyStopping(int Patience)
{
    /// <summary>At least one epoch of patience.</summary>
    public int Patience { get; } = Patience >= 1 ? Patience : throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least one epoch.");

    /// <summary>"early stopping after 10 epochs without a lower validation loss, best epoch kept": what a checkpoint records.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"early stopping after {Patience} epoch{(Patience == 1 ? "" : "s")} without a lower validation loss, best epoch kept");

    /// <summary>j, the first epoch (from 1) with the lowest validation loss; 0 before any epoch.</summary>
    /// <exception cref="InvalidOperationException">A validation loss is NaN: the model has none to stop on.</exception>
    public static int BestEpoch(IReadOnlyList<double> validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var best = 0;
        for (var e = 0; e < validation.Count; e++)
        {
            if (double.IsNaN(validation[e]))
            {
                throw new InvalidOperationException($"Early stopping needs a validation loss, and epoch {e + 1} has none.");
            }

            if (best == 0 || validation[e] < validation[best - 1])
            {
                best = e + 1;
            }
        }

        return best;
    }

    /// <summary>True once the last <see cref="Patience"/> epochs have all failed to improve on the best: k − j ≥ patience.</summary>
    public bool ShouldStop(IReadOnlyList<double> validation) =>
        validation.Count > 0 && validation.Count - BestEpoch(validation) >= Patience;

    /// <summary>Where the rule stands after the last epoch, for the epoch's progress line.</summary>
    public string Describe(IReadOnlyList<double> validation)
    {
        var best = BestEpoch(validation);
        var since = validation.Count - best;
        return since == 0 ? "best validation so far"
            : ShouldStop(validation) ? string.Create(CultureInfo.InvariantCulture, $"stopping: {since} epochs without improvement, best validation at epoch {best}")
            : string.Create(CultureInfo.InvariantCulture, $"no improvement for {since} of {Patience} epochs (best: epoch {best})");
    }
}
