using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The affine coupling layer of RealNVP (Dinh, Sohl-Dickstein &amp; Bengio 2017, "Density estimation using Real
/// NVP", ICLR, eq. 9): with a binary mask b,
/// <code>z = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)),   log |det ∂z/∂x| = Σ_d (1 − b_d) s_d(b ⊙ x)</code>
/// The Jacobian is triangular (after sorting the entries by b) with diagonal 1 or exp(s_d), so the determinant
/// costs nothing and s, t can be any network: here one MLP with ReLU hidden layers.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>[batch, D]</c> → (<c>[batch, D]</c>, <c>[batch]</c> nats). The inverse is
/// x = b ⊙ z + (1 − b) ⊙ (z − t(b ⊙ z)) ⊙ exp(−s(b ⊙ z)), exact because b ⊙ z = b ⊙ x.</para>
/// <para>Stability: s = γ ⊙ tanh(ŝ) with a learned per-dimension γ (initially 1), the scale trick of the
/// paper's code, keeps one step from scaling by more than e^γ. The network's output layer starts at zero, so a
/// fresh coupling is the identity and a deep flow starts well conditioned.</para>
/// <para>The mask is a persistent buffer: it is saved with the weights and follows <c>module.to()</c>.</para>
/// </remarks>
public sealed class AffineCoupling : FlowLayer
{
    private readonly Sequential _network;

    [TorchSharp.Utils.ComponentName(Name = "mask")]
    private readonly Tensor _mask;

    [TorchSharp.Utils.ComponentName(Name = "scale")]
    private readonly Parameter _scale;

    /// <param name="mask">b, 0/1 values <c>[D]</c> (see <see cref="CouplingMasks"/>); copied.</param>
    /// <param name="hidden">Units of each hidden layer of the s, t network.</param>
    /// <param name="hiddenLayers">Number of hidden layers (at least 1).</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public AffineCoupling(Tensor mask, int hidden = 64, int hiddenLayers = 2, torch.Generator? generator = null)
        : base(nameof(AffineCoupling))
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayers, 1);
        if (mask.dim() != 1)
        {
            throw new ArgumentException($"Expected a mask of shape [D], got [{string.Join(", ", mask.shape)}].", nameof(mask));
        }

        Dimensions = (int)mask.shape[0];
        _mask = mask.to_type(ScalarType.Float32).clone();
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var input = Dimensions;
        for (var l = 0; l < hiddenLayers; l++)
        {
            modules.Add(($"linear{l}", nn.Linear(input, hidden)));
            modules.Add(($"relu{l}", nn.ReLU()));
            input = hidden;
        }

        var output = nn.Linear(input, 2 * Dimensions);                       // ŝ and t, [batch, 2D]
        modules.Add(("output", output));
        _network = nn.Sequential(modules);
        SeededInitialisation.FanInUniform(_network, generator);
        using (no_grad())
        {
            output.weight!.zero_();
            output.bias!.zero_();
        }

        _scale = nn.Parameter(ones(Dimensions));
        register_module("network", _network);
        register_parameter("scale", _scale);
        register_buffer("mask", _mask);
    }

    public int Dimensions { get; }

    /// <summary>b, <c>[D]</c>: 1 where x passes through unchanged.</summary>
    public Tensor Mask => _mask;

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var (s, t) = ScaleAndShift(x);
        var z = (_mask * x) + ((1 - _mask) * ((x * s.exp()) + t));
        return (z.MoveToOuterDisposeScope(), s.sum(dim: 1).MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var (s, t) = ScaleAndShift(z);
        var x = (_mask * z) + ((1 - _mask) * ((z - t) * (-s).exp()));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>s and t of the masked input, both <c>[batch, D]</c> and zero where b = 1.</summary>
    private (Tensor S, Tensor T) ScaleAndShift(Tensor input)
    {
        var parameters = _network.forward(_mask * input);                    // [batch, 2D]
        var chunks = parameters.chunk(2, dim: 1);
        var s = (1 - _mask) * _scale * chunks[0].tanh();
        var t = (1 - _mask) * chunks[1];
        return (s, t);
    }
}
