using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The composition f = f_K ∘ ⋯ ∘ f_1 of flow layers. The chain rule makes its Jacobian the product of the
/// layers' Jacobians, so <code>log |det J_f(x)| = Σ_k log |det J_{f_k}(h_{k−1})|,   h_0 = x,  h_k = f_k(h_{k−1})</code>
/// and the inverse applies the layers' inverses in reverse order.
/// </summary>
/// <remarks>Shapes as <see cref="FlowLayer"/>: <c>[batch, D]</c> → (<c>[batch, D]</c>, <c>[batch]</c> nats).</remarks>
public sealed class FlowSequence : FlowLayer
{
    private readonly ModuleList<FlowLayer> _layers;

    /// <param name="layers">f_1, …, f_K, applied in this order in the x → z direction.</param>
    public FlowSequence(IEnumerable<FlowLayer> layers)
        : base(nameof(FlowSequence))
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = new ModuleList<FlowLayer>(layers.ToArray());
        if (_layers.Count == 0)
        {
            throw new ArgumentException("A flow needs at least one layer.", nameof(layers));
        }

        register_module("layers", _layers);
    }

    /// <summary>The layers in the x → z order.</summary>
    public IReadOnlyList<FlowLayer> Layers => _layers.ToArray();

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        Tensor? logDet = null;
        foreach (var layer in _layers)
        {
            var (next, layerLogDet) = layer.forward(h);
            h = next;
            logDet = logDet is null ? layerLogDet : logDet + layerLogDet;   // [batch]
        }

        return (h.MoveToOuterDisposeScope(), logDet!.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = z;
        for (var k = _layers.Count - 1; k >= 0; k--)
        {
            h = _layers[k].Inverse(h);
        }

        return h.MoveToOuterDisposeScope();
    }
}
