using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>The base density of the course's flows, the standard normal N(0, I_D).</summary>
internal static class StandardNormalBase
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log N(z; 0, I) = −½ Σ_d z_d² − (D/2) log 2π, in nats, <c>[batch, D]</c> → <c>[batch]</c>.</summary>
    public static Tensor LogProb(Tensor z)
    {
        using var scope = NewDisposeScope();
        return ((-0.5 * z.square().sum(dim: 1)) - (z.shape[1] * HalfLog2Pi)).MoveToOuterDisposeScope();
    }
}
