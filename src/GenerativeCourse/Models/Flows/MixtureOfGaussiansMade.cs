using GenerativeCourse.Models.Autoregressive;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// MADE MoG (Papamakarios, Pavlakou &amp; Murray 2017, §3.4, after Uria et al.'s RNADE): an autoregressive density
/// whose every conditional is a mixture of C Gaussians with weights, means and log-scales from one MADE pass,
/// <code>p(u) = Π_i Σ_c π_ic N(u_i; m_ic, s_ic²),   (π_i, m_i, log s_i) = g(u_{1:i−1})</code>
/// used as the base density of a MAF ("MAF MoG"): the flow's affine layers cannot make one variable's marginal
/// multimodal or sharp-edged, a mixture can.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c>, nats per example; <see cref="Sample"/>
/// gives <c>[n, D]</c> by D passes, one variable per pass, because u_i needs u_{&lt;i}.</para>
/// <para>The output layer has 3CD units, laid out as [weights' logits, means, log-scales] × C × D, each block masked
/// with the D output masks of <see cref="MadeMasks"/> in the natural order. It starts with zero weights: every
/// conditional is then the same mixture of C unit Gaussians with equal weights and means spread evenly over
/// [−2, 2] (the spread makes the components differ, so they do not receive identical gradients forever). The
/// log-scales are soft-clamped like <see cref="GaussianMade"/>'s, s = e^{B tanh(a/B)}.</para>
/// </remarks>
public sealed class MixtureOfGaussiansMade : nn.Module<Tensor, Tensor>
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
    private readonly ModuleList<MaskedLinear> _layers;

    /// <param name="dimensions">D.</param>
    /// <param name="hiddenSizes">Units per hidden layer (at least one layer).</param>
    /// <param name="components">C, Gaussians per conditional.</param>
    /// <param name="maskSeed">Seed of the hidden units' degrees (<see cref="MadeMasks.Draw"/>).</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    /// <param name="logScaleBound">B of the soft clamp on the log-scales; null leaves them unbounded.</param>
    public MixtureOfGaussiansMade(
        int dimensions, IReadOnlyList<int> hiddenSizes, int components, ulong maskSeed = 0, torch.Generator? generator = null,
        double? logScaleBound = GaussianMade.DefaultLogScaleBound)
        : base(nameof(MixtureOfGaussiansMade))
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        if (hiddenSizes.Count == 0 || hiddenSizes.Any(size => size < 1))
        {
            throw new ArgumentException($"Expected at least one hidden layer of positive size; got [{string.Join(", ", hiddenSizes)}].", nameof(hiddenSizes));
        }

        if (logScaleBound is <= 0 or double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(logScaleBound), logScaleBound, "The bound on the log-scale must be positive (or null for none).");
        }

        Dimensions = dimensions;
        Components = components;
        LogScaleBound = logScaleBound;
        _layers = MadeLayers.Build(dimensions, hiddenSizes, 3 * components, maskSeed, generator);

        using (no_grad())
        {
            for (var c = 0; c < components; c++)
            {
                var mean = components == 1 ? 0.0 : -2.0 + (4.0 * c / (components - 1));
                _layers[^1].Bias.narrow(0, (components + c) * dimensions, dimensions).fill_(mean);
            }
        }

        register_module("layers", _layers);
    }

    public int Dimensions { get; }

    /// <summary>C, Gaussians per conditional.</summary>
    public int Components { get; }

    /// <summary>B of the soft clamp on the log-scales; null when they are unbounded.</summary>
    public double? LogScaleBound { get; }

    /// <summary>log p(u) in nats, <c>[batch]</c>; the same as <see cref="LogProb"/>.</summary>
    public override Tensor forward(Tensor u) => LogProb(u);

    /// <summary>log p(u) = Σ_i log Σ_c π_ic N(u_i; m_ic, s_ic²), in nats per example, <c>[batch, D]</c> → <c>[batch]</c>.</summary>
    public Tensor LogProb(Tensor u)
    {
        using var scope = NewDisposeScope();
        var (logWeights, means, logScales) = Conditionals(u);                  // each [batch, C, D]
        var standardised = (u.unsqueeze(1) - means) * (-logScales).exp();
        var perComponent = logWeights - (0.5 * standardised.square()) - logScales - HalfLog2Pi;
        return perComponent.logsumexp(1).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws <paramref name="n"/> points <c>[n, D]</c>: at pass i, a component of conditional i from its weights, then
    /// u_i = m_ic + T s_ic ε. The temperature T scales every component's spread (T = 1 is the model).
    /// </summary>
    public Tensor Sample(int n, double temperature = 1.0, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var reference = _layers[0].Weight;
        var u = zeros([n, Dimensions], reference.dtype, reference.device);
        for (var i = 0; i < Dimensions; i++)
        {
            using var pass = NewDisposeScope();
            var (logWeights, means, logScales) = Conditionals(u);
            var component = multinomial(logWeights.select(2, i).softmax(1), 1, generator: generator);            // [n, 1]
            var mean = means.select(2, i).gather(1, component).squeeze(1);                                       // [n]
            var scale = logScales.select(2, i).gather(1, component).squeeze(1).exp();
            var noise = randn([n], reference.dtype, generator: generator).to(reference.device);
            u.select(1, i).copy_(mean + (temperature * scale * noise));
        }

        return u.MoveToOuterDisposeScope();
    }

    /// <summary>log π, m and log s of every conditional, each <c>[batch, C, D]</c>; entry (c, i) depends only on u_{&lt;i}.</summary>
    public (Tensor LogWeights, Tensor Means, Tensor LogScales) Conditionals(Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (u.dim() != 2 || u.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected a tensor of shape [batch, {Dimensions}], got [{string.Join(", ", u.shape)}].", nameof(u));
        }

        using var scope = NewDisposeScope();
        var h = u;
        for (var l = 0; l < _layers.Count; l++)
        {
            h = _layers[l].forward(h);
            if (l + 1 < _layers.Count)
            {
                h = nn.functional.relu(h);                                      // [batch, H_l]
            }
        }

        var blocks = h.reshape(-1, 3, Components, Dimensions);                  // [batch, 3, C, D]
        var logWeights = blocks.select(1, 0).log_softmax(1);
        var rawLogScales = blocks.select(1, 2);
        var logScales = LogScaleBound is { } bound ? bound * (rawLogScales / bound).tanh() : rawLogScales;
        return (logWeights.MoveToOuterDisposeScope(), blocks.select(1, 1).MoveToOuterDisposeScope(), logScales.MoveToOuterDisposeScope());
    }
}
