using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The multi-scale factoring of RealNVP (Dinh, Sohl-Dickstein &amp; Bengio 2017, §3.6): after a scale, half of the
/// entries are declared final latent variables and go to the base distribution unchanged, and the remaining flow g
/// only sees the other half,
/// <code>x = (x_out, x_in),   z = (x_out, g(x_in)),   log |det ∂z/∂x| = log |det ∂g/∂x_in|</code>
/// (the Jacobian is block diagonal with an identity block). Later scales therefore cost half as much, and the
/// factored-out entries still condition every earlier coupling.
/// </summary>
/// <remarks>
/// Shapes: <c>[batch, D]</c> → (<c>[batch, D]</c>, <c>[batch]</c> nats). x_out is the first
/// <see cref="Dimensions"/> − <see cref="Remaining"/> entries: with channel-first flattening, the first half of the
/// channels of a <c>[C, H, W]</c> image, and g works on <c>[C/2, H, W]</c>.
/// </remarks>
public sealed class FactorOut : FlowLayer
{
    private readonly FlowLayer _inner;

    /// <param name="dimensions">D, the entries this layer receives.</param>
    /// <param name="inner">g, a flow on the last <paramref name="remaining"/> entries.</param>
    /// <param name="remaining">Entries that g transforms; the first D − remaining are factored out.</param>
    public FactorOut(int dimensions, FlowLayer inner, int remaining)
        : base(nameof(FactorOut))
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(remaining, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(remaining, dimensions);
        Dimensions = dimensions;
        Remaining = remaining;
        _inner = inner;
        register_module("inner", _inner);
    }

    public int Dimensions { get; }

    /// <summary>The entries that the inner flow transforms (the last ones).</summary>
    public int Remaining { get; }

    /// <summary>g, the flow on the remaining entries.</summary>
    public FlowLayer Inner => _inner;

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var factored = Dimensions - Remaining;
        var (inner, logDet) = _inner.forward(x.narrow(1, factored, Remaining));
        var z = cat([x.narrow(1, 0, factored), inner], 1);                  // [batch, D]
        return (z.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var factored = Dimensions - Remaining;
        var x = cat([z.narrow(1, 0, factored), _inner.Inverse(z.narrow(1, factored, Remaining))], 1);
        return x.MoveToOuterDisposeScope();
    }
}
