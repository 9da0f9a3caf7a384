using System.Reflection;

namespace GenerativeCourse.Runtime;

/// <summary>How TorchSharp's native libraries were loaded in this process.</summary>
/// <param name="Files">Where the shipped native files were found; null when TorchSharp's own loader was used.</param>
/// <param name="LoadedFrom">The <c>libLibTorchSharp.so</c> actually in use.</param>
/// <param name="Repaired">True when the shipped library needed the GLIBCXX repair and the cached copy is in use.</param>
/// <param name="CacheReused">True when the repaired copy came from the cache rather than being written now.</param>
public sealed record NativeLoadReport(TorchSharpNativeFiles? Files, string LoadedFrom, bool Repaired, bool CacheReused)
{
    /// <summary>The report for platforms where TorchSharp loads its libraries itself.</summary>
    public static NativeLoadReport ByTorchSharp(Assembly torchSharp) =>
        new(null, $"TorchSharp's own loader ({torchSharp.GetName().Version})", Repaired: false, CacheReused: false);

    /// <summary>One line a learner can read: which library, and whether it was repaired.</summary>
    public override string ToString() => Repaired
        ? $"TorchSharp {Files!.TorchSharpVersion}: repaired copy of libLibTorchSharp.so " +
          $"({(CacheReused ? "from cache" : "written now")}: {LoadedFrom})"
        : Files is null ? LoadedFrom : $"TorchSharp {Files.TorchSharpVersion}: shipped library {LoadedFrom}";
}
