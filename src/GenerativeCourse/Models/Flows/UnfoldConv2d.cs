using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// A stride-1 2-D convolution with "same" zero padding, written as im2col and one matrix product:
/// <code>y[b, o, p] = bias_o + Σ_{i, u, v} W[o, i, u, v] · x[b, i, p + (u, v) − k/2]</code>
/// <c>unfold</c> gathers every k × k neighbourhood into a column (<c>[batch, C_in·k², H·W]</c>), and the weights,
/// flattened to <c>[C_out, C_in·k²]</c>, multiply all columns at once.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>[batch, C_in, H, W]</c> → <c>[batch, C_out, H, W]</c>; k odd. Parameters are named and shaped as
/// <c>nn.Conv2d</c>'s (weight <c>[C_out, C_in, k, k]</c>, bias <c>[C_out]</c>).</para>
/// <para>Why not <c>nn.Conv2d</c>: in TorchSharp-cpu 0.107 on our CPUs (where NNPACK reports unsupported hardware),
/// its backward pass sometimes returned NaN or non-zero weight gradients through a later convolution whose weights
/// were exactly zero (measured: 1 run in 6), which the flow's zero-initialised couplings hit at the first step.
/// The unfold form uses only matrix products and index copies, whose gradients are exact.</para>
/// </remarks>
internal sealed class UnfoldConv2d : nn.Module<Tensor, Tensor>
{
    // The attributes tie the fields to the registered names, so module.to(dtype) updates them.
    [TorchSharp.Utils.ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [TorchSharp.Utils.ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    public UnfoldConv2d(int inputChannels, int outputChannels, int kernel)
        : base(nameof(UnfoldConv2d))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "The kernel size must be odd.");
        }

        Kernel = kernel;
        _weight = nn.Parameter(zeros(outputChannels, inputChannels, kernel, kernel));
        _bias = nn.Parameter(zeros(outputChannels));
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    public int Kernel { get; }

    /// <summary>W, <c>[C_out, C_in, k, k]</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>b, <c>[C_out]</c>.</summary>
    public Parameter Bias => _bias;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var columns = Kernel == 1
            ? x.flatten(2)                                                      // [batch, C_in, H·W]
            : nn.functional.unfold(x, Kernel, padding: Kernel / 2);             // [batch, C_in·k², H·W]
        var y = _weight.flatten(1).matmul(columns) + _bias.unsqueeze(1);      // [batch, C_out, H·W]
        return y.reshape(x.shape[0], _weight.shape[0], x.shape[2], x.shape[3]).MoveToOuterDisposeScope();
    }
}
