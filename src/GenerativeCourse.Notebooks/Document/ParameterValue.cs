using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>The value of a parameter override, typed as the C# literal it becomes (see <see cref="ParameterKind"/>).</summary>
public sealed record ParameterValue
{
    private ParameterValue(ParameterKind kind, object value)
    {
        Kind = kind;
        Value = value;
    }

    public ParameterKind Kind { get; }

    /// <summary>The value: a <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="string"/>.</summary>
    public object Value { get; }

    public static ParameterValue Int(long value) => new(ParameterKind.Int, value);

    public static ParameterValue Double(double value) => new(ParameterKind.Double, value);

    public static ParameterValue Bool(bool value) => new(ParameterKind.Bool, value);

    public static ParameterValue String(string value) => new(ParameterKind.String, value);

    /// <summary>
    /// Types command-line text: <c>true</c>/<c>false</c> (any case) is a bool, an integer an int, a finite number a
    /// double, a JSON-quoted string (<c>"3"</c>, with JSON escapes) a string, and anything else the text itself as a string.
    /// Fails only for a quoted string that is not valid JSON.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ParameterValue? value)
    {
        value = null;
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                value = String(JsonSerializer.Deserialize<string>(text)!);
            }
            catch (JsonException)
            {
                return false;
            }
        }
        else if (bool.TryParse(text, out var boolean))
        {
            value = Bool(boolean);
        }
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            value = Int(integer);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            value = Double(real);
        }
        else
        {
            value = String(text);
        }

        return true;
    }

    /// <summary>Types a JSON value from a profile: integral numbers are ints, other numbers doubles; null for arrays, objects and null.</summary>
    public static ParameterValue? FromJson(JsonNode? node)
    {
        if (node is not JsonValue json)
        {
            return null;
        }

        return json.GetValueKind() switch
        {
            JsonValueKind.String => String(json.GetValue<string>()),
            JsonValueKind.True => Bool(true),
            JsonValueKind.False => Bool(false),
            JsonValueKind.Number when json.TryGetValue<long>(out var integer) => Int(integer),
            JsonValueKind.Number => Double(json.GetValue<double>()),
            _ => null,
        };
    }

    /// <summary>The value as C# source: <c>3</c>, <c>0.001</c>, <c>2.0</c>, <c>true</c>, <c>"a \"b\"\n"</c>.</summary>
    public string ToCSharpLiteral() => Value switch
    {
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        double real => DoubleLiteral(real),
        bool boolean => boolean ? "true" : "false",
        _ => StringLiteral((string)Value),
    };

    /// <summary>The value as plain text, without quotes (how a number or bool reads when a string is wanted).</summary>
    public string ToText() => Value switch
    {
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        bool boolean => boolean ? "true" : "false",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture)!,
    };

    public override string ToString() => ToCSharpLiteral();

    internal static string DoubleLiteral(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        // Shortest text that round-trips; "3" would be an int literal, so whole numbers get ".0".
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    internal static string StringLiteral(string value)
    {
        var literal = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': literal.Append("\\\""); break;
                case '\\': literal.Append("\\\\"); break;
                case '\0': literal.Append("\\0"); break;
                case '\n': literal.Append("\\n"); break;
                case '\r': literal.Append("\\r"); break;
                case '\t': literal.Append("\\t"); break;
                default:
                    // Control characters, the line separators C# does not allow inside a string literal, and
                    // lone surrogates (which a UTF-8 source file cannot hold) are written as escapes.
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || Utf16.IsLoneSurrogate(value, i))
                    {
                        literal.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        literal.Append(c);
                    }

                    break;
            }
        }

        return literal.Append('"').ToString();
    }
}
