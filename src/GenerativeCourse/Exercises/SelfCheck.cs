using System.Globalization;

namespace GenerativeCourse.Exercises;

/// <summary>
/// The self-check cells of the exercises. An exercise leaves its answer <c>null</c> until the learner fills
/// it in; the check then says "not answered yet" with the hint, so Run All still reaches the end (and the
/// solution cell). A wrong answer stops the notebook with <see cref="ExerciseFailedException"/>, whose
/// message gives the hint; a right one returns a short confirmation to display.
/// </summary>
public static partial class SelfCheck
{
    /// <summary>Checks a numeric answer against the expected value.</summary>
    /// <param name="exercise">The exercise's name as the notebook prints it, e.g. "Exercise 1.2".</param>
    /// <param name="answer">The learner's answer; null when not answered yet.</param>
    /// <param name="expected">The right value.</param>
    /// <param name="tolerance">Largest absolute difference still accepted (say why in the notebook).</param>
    /// <param name="hint">What to look at again when the answer is wrong.</param>
    /// <returns>The message to display.</returns>
    /// <exception cref="ExerciseFailedException">The answer is not within the tolerance.</exception>
    public static string Number(string exercise, double? answer, double expected, double tolerance, string hint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (answer is not { } value)
        {
            return NotAnswered(exercise, hint);
        }

        if (!(Math.Abs(value - expected) <= tolerance))
        {
            throw new ExerciseFailedException(exercise, string.Create(CultureInfo.InvariantCulture,
                $"your answer {value:G6} is not within {tolerance:G3} of the expected value. Hint: {hint}"));
        }

        return Passed(exercise, string.Create(CultureInfo.InvariantCulture, $"{value:G6}"));
    }

    /// <summary>Checks an answer with a predicate, for answers that are tensors, models or sets.</summary>
    /// <param name="exercise">The exercise's name.</param>
    /// <param name="answer">The learner's answer; null when not answered yet.</param>
    /// <param name="isCorrect">Returns null when the answer is right, otherwise what is wrong with it.</param>
    /// <param name="hint">What to look at again.</param>
    /// <exception cref="ExerciseFailedException">The predicate found a problem.</exception>
    public static string That<T>(string exercise, T? answer, Func<T, string?> isCorrect, string hint)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(isCorrect);
        if (answer is null)
        {
            return NotAnswered(exercise, hint);
        }

        if (isCorrect(answer) is { } problem)
        {
            throw new ExerciseFailedException(exercise, $"{problem}. Hint: {hint}");
        }

        return Passed(exercise, "all checks hold");
    }

    private static string NotAnswered(string exercise, string hint) =>
        $"{exercise}: not answered yet (the answer is still null). Hint: {hint}";

    private static string Passed(string exercise, string what) => $"{exercise}: correct ✓ ({what})";
}
