namespace GenerativeCourse.Data;

/// <summary>One of the four canonical MNIST files as LeCun published them, and how the course stores it.</summary>
/// <param name="Name">The file's canonical name, e.g. <c>train-images-idx3-ubyte</c>; stored as <c>data/mnist/&lt;Name&gt;.gz</c>.</param>
/// <param name="Length">Its length in bytes, uncompressed.</param>
/// <param name="Sha256">The SHA-256 of the uncompressed file (lower-case hex), identical to LeCun's original.</param>
public sealed record MnistFile(string Name, long Length, string Sha256)
{
    /// <summary>The name of the compressed copy in <c>data/mnist/</c>.</summary>
    public string StoredName => Name + ".gz";

    /// <summary>The name of the embedded copy in the library.</summary>
    public string ResourceName => "GenerativeCourse.Data.mnist." + StoredName;
}
