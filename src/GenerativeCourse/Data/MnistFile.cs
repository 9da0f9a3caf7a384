namespace GenerativeCourse.Data;

/// <summary>
/// One file in the IDX format of MNIST exactly as its publisher released it, and how the course stores it: one of LeCun's
/// four MNIST files (<see cref="Mnist.Files"/>), or one of Zalando Research's Fashion-MNIST files
/// (<see cref="FashionMnist.Files"/>), which have the same names and format.
/// </summary>
/// <param name="Name">The file's canonical name, e.g. <c>train-images-idx3-ubyte</c>; stored as <c>data/&lt;DataFolder&gt;/&lt;Name&gt;.gz</c>.</param>
/// <param name="Length">Its length in bytes, uncompressed.</param>
/// <param name="Sha256">The SHA-256 of the uncompressed file (lower-case hex), identical to the publisher's original.</param>
/// <param name="DataFolder">The folder of <c>data/</c> that holds the compressed copy: <c>mnist</c> or <c>fashion-mnist</c>.</param>
public sealed record MnistFile(string Name, long Length, string Sha256, string DataFolder = "mnist")
{
    /// <summary>The name of the compressed copy in <c>data/&lt;DataFolder&gt;/</c>.</summary>
    public string StoredName => Name + ".gz";

    /// <summary>The name of the embedded copy in the library.</summary>
    public string ResourceName => $"GenerativeCourse.Data.{DataFolder}.{StoredName}";
}
