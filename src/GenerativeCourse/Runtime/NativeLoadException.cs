namespace GenerativeCourse.Runtime;

/// <summary>
/// TorchSharp's native libraries could not be found or loaded. The message names the library, the
/// reason the operating system gave, and what to do about it.
/// </summary>
public sealed class NativeLoadException : Exception
{
    public NativeLoadException(string message)
        : base(message)
    {
    }

    public NativeLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
