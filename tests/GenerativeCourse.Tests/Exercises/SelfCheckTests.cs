using GenerativeCourse.Exercises;

namespace GenerativeCourse.Tests.Exercises;

public sealed class SelfCheckTests
{
    [Fact]
    public void AnUnansweredExerciseGivesTheHintWithoutFailing()
    {
        var message = SelfCheck.Number("Exercise 1.1", null, expected: 3, tolerance: 0, hint: "count the free numbers");

        Assert.Equal("Exercise 1.1: not answered yet (the answer is still null). Hint: count the free numbers", message);
    }

    [Fact]
    public void AWrongNumberFailsLoudlyWithTheHint()
    {
        var error = Assert.Throws<ExerciseFailedException>(() => SelfCheck.Number("Exercise 1.1", 4, expected: 3, tolerance: 0.5, hint: "minus one"));

        Assert.Equal("Exercise 1.1", error.Exercise);
        Assert.Contains("your answer 4 is not within 0.5", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Hint: minus one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARightNumberWithinTheToleranceIsConfirmed()
    {
        Assert.Equal("Exercise 1.1: correct ✓ (3.2)", SelfCheck.Number("Exercise 1.1", 3.2, expected: 3, tolerance: 0.25, hint: ""));
        Assert.Throws<ExerciseFailedException>(() => SelfCheck.Number("Exercise 1.1", double.NaN, expected: 3, tolerance: 1, hint: ""));
    }

    [Fact]
    public void ThatReportsWhatThePredicateFoundWrong()
    {
        static string? SortedProblem(int[] xs) => xs.SequenceEqual(xs.Order()) ? null : "the numbers are not sorted";

        Assert.Contains("not answered yet", SelfCheck.That<int[]>("Exercise 2", null, SortedProblem, "use Order()"), StringComparison.Ordinal);
        Assert.Equal("Exercise 2: correct ✓ (all checks hold)", SelfCheck.That("Exercise 2", new[] { 1, 2 }, SortedProblem, "use Order()"));
        var error = Assert.Throws<ExerciseFailedException>(() => SelfCheck.That("Exercise 2", new[] { 2, 1 }, SortedProblem, "use Order()"));
        Assert.Equal("Exercise 2 is not right yet: the numbers are not sorted. Hint: use Order()", error.Message);
    }
}
