using GenerativeCourse.Runtime;

namespace GenerativeCourse;

/// <summary>What <see cref="Course.Setup"/> prepared; displayed by the first cell of every notebook.</summary>
/// <param name="Seed">Seed of TorchSharp's default generator and of <see cref="Course.Random"/>.</param>
/// <param name="Threads">TorchSharp's intra-op CPU thread count.</param>
/// <param name="Device">Where tensors live by default (<c>cpu</c> here).</param>
/// <param name="Native">How TorchSharp's native libraries were loaded.</param>
/// <param name="FSharpCore">Which FSharp.Core the charts run on (the genuine kernel's older copy, or Plotly.NET's own).</param>
public sealed record CourseEnvironment(int Seed, int Threads, string Device, NativeLoadReport Native, FSharpCoreReport FSharpCore)
{
    public override string ToString() =>
        $"GenerativeCourse ready: seed {Seed}, {Threads} thread(s), device {Device}. {Native} {FSharpCore}";
}
