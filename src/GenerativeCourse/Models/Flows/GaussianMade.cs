using GenerativeCourse.Models.Autoregressive;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// One layer of the masked autoregressive flow (Papamakarios, Pavlakou &amp; Murray 2017, "Masked Autoregressive
/// Flow for Density Estimation", NeurIPS, §3.1): a Gaussian autoregressive model whose conditionals'
/// mean and log-scale come from one MADE pass (Germain et al. 2015),
/// <code>x_i = u_i exp(α_i) + μ_i,   (μ_i, α_i) = g(x_{1:i−1}),   u_i = (x_i − μ_i) exp(−α_i),   log |det ∂u/∂x| = −Σ_i α_i</code>
/// written in the density direction x → u.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>[batch, D]</c> → (u <c>[batch, D]</c>, log|det| <c>[batch]</c> nats). The network is a stack of
/// <see cref="MaskedLinear"/> layers with ReLU, masked by <see cref="MadeMasks"/> in the natural order 0, 1, …,
/// D−1; the output layer has 2D units (μ then α) whose masks repeat the D output masks, so both depend only on
/// earlier inputs. The Jacobian ∂u/∂x is lower triangular with diagonal exp(−α).</para>
/// <para>Density (x → u) is one pass; the inverse (u → x) needs D passes because x_i needs x_{&lt;i}. Iterating
/// x ← u ⊙ exp(α(x)) + μ(x) from x = 0 fixes entry i at pass i + 1 (it depends only on the entries before it),
/// so D passes give the exact inverse.</para>
/// <para>The output layer starts at zero: a fresh layer is the identity.</para>
/// <para>Soft clamp: the network's raw log-scale a is bounded as α = B tanh(a/B) (<see cref="LogScaleBound"/>). Near 0
/// this is a (slope 1, so the identity start is unchanged); it keeps one layer from scaling by more than e^B, which
/// stops a single step from sending exp(−α) to infinity (an unbounded α made training diverge to NaN on the 2-D toys
/// and sent gradient norms into the millions on digits). The log-determinant is that of the bounded α, so the
/// density stays exact. RealNVP bounds its scales the same way (Dinh et al. 2017 use tanh; the library's
/// <see cref="AffineCoupling"/> learns the factor).</para>
/// </remarks>
public sealed class GaussianMade : FlowLayer
{
    private readonly ModuleList<MaskedLinear> _layers;

    /// <param name="dimensions">D.</param>
    /// <param name="hiddenSizes">Units per hidden layer (at least one layer).</param>
    /// <param name="maskSeed">Seed of the hidden units' degrees (<see cref="MadeMasks.Draw"/>).</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    /// <param name="logScaleBound">B of the soft clamp α = B tanh(a/B); null leaves α unbounded (the paper's layer).</param>
    public GaussianMade(int dimensions, IReadOnlyList<int> hiddenSizes, ulong maskSeed = 0, torch.Generator? generator = null, double? logScaleBound = DefaultLogScaleBound)
        : base(nameof(GaussianMade))
    {
        if (logScaleBound is <= 0 or double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(logScaleBound), logScaleBound, "The bound on the log-scale must be positive (or null for none).");
        }

        LogScaleBound = logScaleBound;
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (hiddenSizes.Count == 0 || hiddenSizes.Any(size => size < 1))
        {
            throw new ArgumentException($"Expected at least one hidden layer of positive size; got [{string.Join(", ", hiddenSizes)}].", nameof(hiddenSizes));
        }

        Dimensions = dimensions;
        _layers = MadeLayers.Build(dimensions, hiddenSizes, 2, maskSeed, generator);

        register_module("layers", _layers);
    }

    /// <summary>The default bound B of the soft clamp: one layer scales a variable by at most e^±5 ≈ 148.</summary>
    public const double DefaultLogScaleBound = 5.0;

    public int Dimensions { get; }

    /// <summary>B of the soft clamp α = B tanh(a/B) on the log-scales; null when they are unbounded.</summary>
    public double? LogScaleBound { get; }

    /// <summary>The masked layers, input to output.</summary>
    public IReadOnlyList<MaskedLinear> Layers => _layers.ToArray();

    /// <summary>μ and α of every conditional, each <c>[batch, D]</c>; entry i depends only on x_{&lt;i}.</summary>
    public (Tensor Mean, Tensor LogScale) Conditionals(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        using var scope = NewDisposeScope();
        var h = x;
        for (var l = 0; l < _layers.Count; l++)
        {
            h = _layers[l].forward(h);
            if (l + 1 < _layers.Count)
            {
                h = nn.functional.relu(h);                                  // [batch, H_l]
            }
        }

        var chunks = h.chunk(2, dim: 1);                                    // [batch, 2D] → 2 × [batch, D]
        var logScale = LogScaleBound is { } bound ? bound * (chunks[1] / bound).tanh() : chunks[1];
        return (chunks[0].MoveToOuterDisposeScope(), logScale.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (mean, logScale) = Conditionals(x);
        var u = (x - mean) * (-logScale).exp();
        return (u.MoveToOuterDisposeScope(), (-logScale.sum(dim: 1)).MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    /// <remarks>D network passes (see the class remarks).</remarks>
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        var x = zeros_like(z);
        for (var pass = 0; pass < Dimensions; pass++)
        {
            var (mean, logScale) = Conditionals(x);
            x = (z * logScale.exp()) + mean;                                // entries 0 … pass are now exact
        }

        return x.MoveToOuterDisposeScope();
    }
}
