namespace GenerativeCourse.Cli.Commands;

/// <summary>The exit codes of <c>gencourse</c>, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done and passed.</summary>
    public const int Success = 0;

    /// <summary>The work ran but something failed: a notebook cell, a check, writing a product.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or unusable input: an unknown option, a missing or malformed notebook, a bad <c>-p name=value</c>.</summary>
    public const int BadUsage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, the shell's convention); whatever was saved before stays valid.</summary>
    public const int Cancelled = 130;
}
