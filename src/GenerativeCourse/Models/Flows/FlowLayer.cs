using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// One invertible, differentiable map of a normalizing flow (Rezende &amp; Mohamed 2015; Dinh, Sohl-Dickstein &amp;
/// Bengio 2017), written in the density direction x → z. By the change of variables
/// <code>log p_X(x) = log p_Z(f(x)) + log |det ∂f/∂x|</code>
/// so every layer returns, besides z, the log-determinant of its Jacobian for each example.
/// </summary>
/// <remarks>
/// Shapes: <c>forward</c> maps <c>[batch, D]</c> to (z <c>[batch, D]</c>, log|det J| <c>[batch]</c> in
/// nats); <see cref="Inverse"/> maps <c>[batch, D]</c> to <c>[batch, D]</c>. A layer's structure (coupling,
/// triangular) is chosen so that both directions and the determinant are cheap; composing layers adds their
/// log-determinants (<see cref="FlowSequence"/>).
/// </remarks>
public abstract class FlowLayer : nn.Module<Tensor, (Tensor Z, Tensor LogDet)>
{
    protected FlowLayer(string name)
        : base(name)
    {
    }

    /// <summary>x = f⁻¹(z), <c>[batch, D]</c>.</summary>
    public abstract Tensor Inverse(Tensor z);

    /// <summary>Throws unless <paramref name="x"/> is <c>[batch, dimensions]</c>.</summary>
    protected static void CheckShape(Tensor x, int dimensions, string name)
    {
        if (x.dim() != 2 || x.shape[1] != dimensions)
        {
            throw new ArgumentException(
                $"Expected a tensor of shape [batch, {dimensions}], got [{string.Join(", ", x.shape)}]. Flatten images first.", name);
        }
    }
}
