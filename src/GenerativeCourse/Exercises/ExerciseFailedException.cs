namespace GenerativeCourse.Exercises;

/// <summary>A self-check found a wrong answer; the message says which exercise and gives the hint.</summary>
public sealed class ExerciseFailedException : Exception
{
    public ExerciseFailedException(string exercise, string problem)
        : base($"{exercise} is not right yet: {problem}")
    {
        Exercise = exercise;
    }

    public ExerciseFailedException()
    {
        Exercise = "";
    }

    public ExerciseFailedException(string message)
        : base(message)
    {
        Exercise = "";
    }

    public ExerciseFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Exercise = "";
    }

    /// <summary>The exercise whose check failed.</summary>
    public string Exercise { get; }
}
