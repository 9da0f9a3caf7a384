namespace GenerativeCourse.Data;

/// <summary>
/// A data file of the course is missing, does not match its checksum, or cannot be decoded. The
/// message names the file, says what was expected and what was found, and how to repair it.
/// </summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string message)
        : base(message)
    {
    }

    public DataFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataFileException()
    {
    }
}
