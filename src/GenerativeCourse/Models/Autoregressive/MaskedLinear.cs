using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// A fully connected layer whose weight matrix is multiplied by a fixed 0/1 mask, y = x (W ⊙ M)ᵀ + b: the
/// building block of MADE (Germain et al. 2015). A zero in M removes a connection, so the mask decides which
/// inputs each output can depend on. Shapes: <c>[batch, in]</c> → <c>[batch, out]</c>; W and M are
/// <c>[out, in]</c>.
/// </summary>
/// <remarks>
/// The mask is a persistent buffer: it is saved with the weights and follows them through
/// <c>module.to(dtype or device)</c>. Masked weights get exactly zero gradient, because the product with 0 is
/// inside the graph.
/// </remarks>
public sealed class MaskedLinear : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    [ComponentName(Name = "mask")]
    private readonly Tensor _mask;

    /// <summary>
    /// Creates the layer with every connection allowed (M = 1) and the initialisation of an ordinary linear
    /// layer, W and b uniform in ±1/√in.
    /// </summary>
    /// <param name="inFeatures">Inputs per example.</param>
    /// <param name="outFeatures">Outputs per example.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public MaskedLinear(int inFeatures, int outFeatures, torch.Generator? generator = null)
        : base(nameof(MaskedLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var bound = 1.0 / Math.Sqrt(inFeatures);
        _weight = nn.Parameter(empty(outFeatures, inFeatures).uniform_(-bound, bound, generator)); // [out, in]
        _bias = nn.Parameter(empty(outFeatures).uniform_(-bound, bound, generator));               // [out]
        _mask = ones(outFeatures, inFeatures);                                                      // [out, in]
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
        register_buffer("mask", _mask);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>W, <c>[out, in]</c>; only entries where <see cref="Mask"/> is 1 are used.</summary>
    public Parameter Weight => _weight;

    /// <summary>b, <c>[out]</c>.</summary>
    public Parameter Bias => _bias;

    /// <summary>M, <c>[out, in]</c>: M[k, j] = 1 when output k may depend on input j.</summary>
    public Tensor Mask => _mask;

    /// <summary>Replaces the mask in place (keeping its dtype and device).</summary>
    /// <param name="mask">0/1 values, <c>[out, in]</c>, any numeric dtype and device.</param>
    public void SetMask(Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dim() != 2 || mask.shape[0] != OutFeatures || mask.shape[1] != InFeatures)
        {
            throw new ArgumentException(
                $"Expected a mask of shape [{OutFeatures}, {InFeatures}], got [{string.Join(", ", mask.shape)}].", nameof(mask));
        }

        using var noGrad = no_grad();
        _mask.copy_(mask);
    }

    /// <summary>x (W ⊙ M)ᵀ + b, <c>[batch, out]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.linear(x, _weight * _mask, _bias).MoveToOuterDisposeScope();
    }
}
