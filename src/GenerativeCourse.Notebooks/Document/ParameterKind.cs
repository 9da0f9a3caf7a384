namespace GenerativeCourse.Notebooks.Document;

/// <summary>The C# literal types a parameter override can have.</summary>
public enum ParameterKind
{
    /// <summary>An integer literal (<c>int</c>, or <c>long</c> when it does not fit).</summary>
    Int,

    /// <summary>A <c>double</c> literal.</summary>
    Double,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>A quoted, escaped <c>string</c> literal.</summary>
    String,
}
