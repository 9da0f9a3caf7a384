using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>Options of <see cref="NoiseConditionalScoreNetwork"/>.</summary>
/// <param name="Dimensions">D (2 for the toys).</param>
/// <param name="Hidden">Units per hidden layer.</param>
/// <param name="Layers">Hidden layers.</param>
public sealed record NoiseConditionalScoreNetworkOptions(int Dimensions = 2, int Hidden = 128, int Layers = 3);

/// <summary>
/// A noise-conditional score network (Song &amp; Ermon 2019, "Generative Modeling by Estimating Gradients of the Data
/// Distribution", NeurIPS) for low-dimensional data: one network s_θ(x, σ) ≈ ∇_x log p_σ(x) for every noise level σ,
/// an MLP with SiLU units on [x, log σ] whose output is divided by σ,
/// <code>s_θ(x, σ) = f_θ(x, log σ) / σ,</code>
/// because the true score's size grows like 1/σ (Song &amp; Ermon 2020, "Improved Techniques for Training Score-Based
/// Generative Models", technique 3): f_θ then has outputs of order 1 at every level. Trained with
/// <see cref="DenoisingScoreMatching"/>; sampled with <see cref="AnnealedLangevin"/>.
/// </summary>
/// <remarks>Shapes: x <c>[batch, D]</c>, σ <c>[batch]</c> (positive) → <c>[batch, D]</c>, in units of 1/x.</remarks>
public sealed class NoiseConditionalScoreNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential _network;

    /// <param name="options">Sizes; the defaults when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public NoiseConditionalScoreNetwork(NoiseConditionalScoreNetworkOptions? options = null, torch.Generator? generator = null)
        : base(nameof(NoiseConditionalScoreNetwork))
    {
        options ??= new NoiseConditionalScoreNetworkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Layers, 1);
        Options = options;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var input = options.Dimensions + 1;
        for (var i = 0; i < options.Layers; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(input, options.Hidden)));
            layers.Add(($"silu{i}", nn.SiLU()));
            input = options.Hidden;
        }

        layers.Add(("output", nn.Linear(input, options.Dimensions)));
        _network = nn.Sequential(layers);
        register_module("network", _network);
        SeededInitialisation.FanInUniform(this, generator);
    }

    public NoiseConditionalScoreNetworkOptions Options { get; }

    /// <summary>s_θ(x, σ), <c>[batch, D]</c>.</summary>
    /// <param name="x">Points, <c>[batch, D]</c>.</param>
    /// <param name="sigma">Noise levels σ &gt; 0, <c>[batch]</c>.</param>
    public override Tensor forward(Tensor x, Tensor sigma)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sigma);
        if (x.dim() != 2 || x.shape[1] != Options.Dimensions || sigma.dim() != 1 || sigma.shape[0] != x.shape[0])
        {
            throw new ArgumentException(
                $"Expected x [batch, {Options.Dimensions}] and σ [batch], got [{string.Join(", ", x.shape)}] and [{string.Join(", ", sigma.shape)}].");
        }

        using var scope = NewDisposeScope();
        var s = sigma.to_type(x.dtype).unsqueeze(1);                                                    // [batch, 1]
        return (_network.forward(cat([x, s.log()], 1)) / s).MoveToOuterDisposeScope();
    }
}
