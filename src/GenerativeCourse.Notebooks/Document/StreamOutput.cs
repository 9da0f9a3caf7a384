namespace GenerativeCourse.Notebooks.Document;

/// <summary>Text a cell wrote to standard output or standard error (<c>"output_type": "stream"</c>).</summary>
public sealed class StreamOutput : CellOutput
{
    public const string StandardOutput = "stdout";
    public const string StandardError = "stderr";

    public StreamOutput(string name, string text)
    {
        Name = name;
        Text = text;
    }

    public override string OutputType => "stream";

    /// <summary><c>"stdout"</c> or <c>"stderr"</c>.</summary>
    public string Name { get; }

    /// <summary>The text, one string; the writer stores it as a list of lines.</summary>
    public string Text { get; set; }

    public static StreamOutput Stdout(string text) => new(StandardOutput, text);

    public static StreamOutput Stderr(string text) => new(StandardError, text);
}
