namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// A fact that needs Debian's Chromium. When <c>/usr/bin/chromium</c> is missing the test is skipped, and says how to
/// get it; when it is present the test runs (and fails like any other).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string SkipReason = "Chromium is not installed (" + HeadlessChromium.ExecutablePath + "); install Debian's chromium package";

    public ChromiumFactAttribute()
    {
        if (!HeadlessChromium.IsInstalled)
        {
            Skip = SkipReason;
        }
    }
}
