using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// Variational dequantization (Ho, Chen, Srinivas, Duan &amp; Abbeel 2019, "Flow++", ICML, §3.1): instead of
/// uniform noise, u ∈ (0, 1)^D is drawn from a learned q(u | k), and
/// <code>log P(k) ≥ E_{u~q}[log p((k + u)/256) − log q(u | k)] − D log 256</code>
/// which is tighter than the uniform bound when q puts its noise where p has mass. Here q is a logistic-normal:
/// ε ~ N(μ(k), σ(k)²) per dimension, u = sigmoid(ε), with μ, log σ from an MLP of the grey levels k/255, so
/// <code>log q(u | k) = Σ_d [log N(ε_d; μ_d, σ_d²) − log u_d − log(1 − u_d)]</code>
/// </summary>
/// <remarks>
/// Shapes: <see cref="Dequantize"/> maps bytes <c>[batch, D]</c> (floats in {0, …, 255}) to x = (k + u)/256
/// <c>[batch, D]</c> and log q(u | k) <c>[batch]</c> in nats. The noise is reparameterised, so the bound is
/// differentiable in q's parameters and trained jointly with the flow. The output layer starts at zero (μ = 0,
/// σ = 1).
/// </remarks>
public sealed class VariationalDequantizer : nn.Module
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);
    private readonly Sequential _network;

    /// <param name="dimensions">D.</param>
    /// <param name="hidden">Units of the hidden layer of the μ, log σ network.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public VariationalDequantizer(int dimensions, int hidden = 64, torch.Generator? generator = null)
        : base(nameof(VariationalDequantizer))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        Dimensions = dimensions;
        var output = nn.Linear(hidden, 2 * dimensions);
        _network = nn.Sequential(("linear", nn.Linear(dimensions, hidden)), ("relu", nn.ReLU()), ("output", output));
        SeededInitialisation.FanInUniform(_network, generator);
        using (no_grad())
        {
            output.weight!.zero_();
            output.bias!.zero_();
        }

        register_module("network", _network);
    }

    public int Dimensions { get; }

    /// <summary>Draws u ~ q(u | k); returns x = (k + u)/256 and log q(u | k) in nats, <c>[batch]</c>.</summary>
    /// <param name="bytes">Byte values k as floats in {0, …, 255}, <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of ε; TorchSharp's process-wide one when null.</param>
    public (Tensor X, Tensor LogQ) Dequantize(Tensor bytes, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var scope = NewDisposeScope();
        var (mean, logScale) = Conditionals(bytes);
        var epsilon = mean + (logScale.exp() * randn(bytes.shape, bytes.dtype, generator: generator).to(bytes.device));
        var u = epsilon.sigmoid();
        var x = (bytes + u) / Dequantization.Levels;
        return (x.MoveToOuterDisposeScope(), LogQ(epsilon, mean, logScale).MoveToOuterDisposeScope());
    }

    /// <summary>log q(u | k) of given noise u ∈ (0, 1)^D, <c>[batch]</c> nats.</summary>
    public Tensor LogDensity(Tensor bytes, Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        using var scope = NewDisposeScope();
        var (mean, logScale) = Conditionals(bytes);
        return LogQ(u.log() - (1 - u).log(), mean, logScale).MoveToOuterDisposeScope();
    }

    private (Tensor Mean, Tensor LogScale) Conditionals(Tensor bytes)
    {
        if (bytes.dim() != 2 || bytes.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected bytes of shape [batch, {Dimensions}], got [{string.Join(", ", bytes.shape)}].", nameof(bytes));
        }

        var chunks = _network.forward(bytes / 255.0).chunk(2, dim: 1);           // 2 × [batch, D]
        return (chunks[0], chunks[1]);
    }

    /// <summary>The Gaussian log-density of ε minus log |du/dε| = log u + log(1 − u), written with logsigmoid.</summary>
    private static Tensor LogQ(Tensor epsilon, Tensor mean, Tensor logScale)
    {
        var standardised = (epsilon - mean) * (-logScale).exp();
        var gaussian = (-0.5 * standardised.square()) - logScale - HalfLog2Pi;
        var jacobian = nn.functional.logsigmoid(epsilon) + nn.functional.logsigmoid(-epsilon);
        return (gaussian - jacobian).sum(dim: 1);
    }
}
