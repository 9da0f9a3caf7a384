using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// The residual block of the DDPM U-Net (Ho, Jain &amp; Abbeel 2020, appendix B, after Wide ResNets and PixelCNN++):
/// <code>h = conv₁(SiLU(GN(x))) + W e,   out = skip(x) + conv₂(dropout(SiLU(GN(h)))),</code>
/// where e is the step (and class) embedding, added to every pixel of every channel as a per-channel shift, GN is group
/// normalisation and skip is the identity or a 1×1 convolution when the channel count changes.
/// Shapes: x <c>[batch, in, H, W]</c>, e <c>[batch, E]</c> → <c>[batch, out, H, W]</c>.
/// </summary>
public sealed class TimeConditionedResidualBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm _norm1;
    private readonly Conv2d _conv1;
    private readonly Linear _embedding;
    private readonly GroupNorm _norm2;
    private readonly Dropout _dropout;
    private readonly Conv2d _conv2;
    private readonly nn.Module<Tensor, Tensor> _skip;

    /// <param name="input">Input channels.</param>
    /// <param name="output">Output channels.</param>
    /// <param name="embedding">E, the size of the embedding vector.</param>
    /// <param name="groups">Groups of the group normalisations; must divide both channel counts.</param>
    /// <param name="dropout">Dropout rate before the second convolution (0.1 in Ho et al.).</param>
    public TimeConditionedResidualBlock(int input, int output, int embedding, int groups, double dropout)
        : base(nameof(TimeConditionedResidualBlock))
    {
        if (input % groups != 0 || output % groups != 0)
        {
            throw new ArgumentException($"{groups} groups must divide both channel counts, {input} and {output}.");
        }

        _norm1 = nn.GroupNorm(groups, input);
        _conv1 = nn.Conv2d(input, output, 3, padding: 1);
        _embedding = nn.Linear(embedding, output);
        _norm2 = nn.GroupNorm(groups, output);
        _dropout = nn.Dropout(dropout);
        _conv2 = nn.Conv2d(output, output, 3, padding: 1);
        _skip = input == output ? nn.Identity() : nn.Conv2d(input, output, 1);
        register_module("norm1", _norm1);
        register_module("conv1", _conv1);
        register_module("embedding", _embedding);
        register_module("norm2", _norm2);
        register_module("dropout", _dropout);
        register_module("conv2", _conv2);
        register_module("skip", _skip);
    }

    /// <param name="x"><c>[batch, in, H, W]</c>.</param>
    /// <param name="embedding">e, <c>[batch, E]</c>.</param>
    public override Tensor forward(Tensor x, Tensor embedding)
    {
        using var scope = NewDisposeScope();
        var h = _conv1.forward(nn.functional.silu(_norm1.forward(x)));                                 // [batch, out, H, W]
        h = h + _embedding.forward(nn.functional.silu(embedding)).unsqueeze(-1).unsqueeze(-1);         // + [batch, out, 1, 1]
        h = _conv2.forward(_dropout.forward(nn.functional.silu(_norm2.forward(h))));
        return (_skip.forward(x) + h).MoveToOuterDisposeScope();
    }
}
