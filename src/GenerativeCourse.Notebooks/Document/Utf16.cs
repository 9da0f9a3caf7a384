namespace GenerativeCourse.Notebooks.Document;

internal static class Utf16
{
    /// <summary>Whether the character at <paramref name="i"/> is half of a surrogate pair whose other half is missing.</summary>
    public static bool IsLoneSurrogate(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
    }
}
