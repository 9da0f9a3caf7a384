using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>Options of <see cref="Rnade"/>.</summary>
/// <param name="Dimensions">D, the number of real-valued variables (2 for the toy densities).</param>
/// <param name="Hidden">H, the size of the shared hidden layer.</param>
/// <param name="Components">K, Gaussians in the mixture of each conditional.</param>
public sealed record RnadeOptions(int Dimensions, int Hidden = 50, int Components = 10);

/// <summary>
/// The real-valued NADE (Uria, Murray &amp; Larochelle 2013, "RNADE: The real-valued neural autoregressive
/// density-estimator", NeurIPS): NADE's shared hidden layer with a mixture of K Gaussians as each conditional,
/// <code>p(x_d | x_&lt;d) = Σ_k π_dk N(x_d; μ_dk, σ_dk²),   h_d = relu(ρ_d a_d),   a_d = c + W_{:,&lt;d} x_&lt;d</code>
/// with π_d = softmax(V^π_d h_d + b^π_d), μ_d = V^μ_d h_d + b^μ_d, log σ_d = V^σ_d h_d + b^σ_d, in the natural
/// order 0, 1, …, D−1.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="forward"/> maps <c>[batch, D]</c> to the mixture parameters of every conditional,
/// three tensors <c>[batch, D, K]</c> (log π, μ, log σ); <see cref="LogProb"/> gives <c>[batch]</c>, a log-density
/// in nats per example (with respect to Lebesgue measure on ℝ^D, so it can be positive).</para>
/// <para>The running sum a_{d+1} = a_d + x_d W_{:,d} of <see cref="Nade"/> is unchanged: x_d is now a real
/// number. ρ_d (initially 1) rescales the pre-activation of conditional d, which grows with d because it sums d
/// terms; the paper uses ReLU hidden units.</para>
/// </remarks>
public sealed class Rnade : nn.Module<Tensor, (Tensor LogWeights, Tensor Means, Tensor LogScales)>, IDensityModel
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    [ComponentName(Name = "W")]
    private readonly Parameter _w;

    [ComponentName(Name = "c")]
    private readonly Parameter _c;

    [ComponentName(Name = "rho")]
    private readonly Parameter _rho;

    [ComponentName(Name = "V")]
    private readonly Parameter _v;

    [ComponentName(Name = "b")]
    private readonly Parameter _b;

    /// <summary>
    /// Creates the model: W and V uniform in ±1/√fan-in like linear layers, ρ = 1, the component means' biases
    /// drawn from N(0, 1) so that the K Gaussians start apart, the other biases 0 (equal weights, σ = 1).
    /// </summary>
    /// <param name="options">Sizes.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Rnade(RnadeOptions options, torch.Generator? generator = null)
        : base(nameof(Rnade))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Components, 1);
        Options = options;
        int d = options.Dimensions, h = options.Hidden, k = options.Components;
        double inBound = 1.0 / Math.Sqrt(d), outBound = 1.0 / Math.Sqrt(h);
        _w = nn.Parameter(empty(h, d).uniform_(-inBound, inBound, generator));              // [H, D]
        _c = nn.Parameter(empty(h).uniform_(-inBound, inBound, generator));                 // [H]
        _rho = nn.Parameter(ones(d));                                                        // [D]
        _v = nn.Parameter(empty(d, 3 * k, h).uniform_(-outBound, outBound, generator));     // [D, 3K, H]: π, μ, σ rows
        var bias = zeros(d, 3, k);
        bias[.., 1] = randn(d, k, generator: generator);
        _b = nn.Parameter(bias.reshape(d, 3 * k));                                           // [D, 3K]
        register_parameter("W", _w);
        register_parameter("c", _c);
        register_parameter("rho", _rho);
        register_parameter("V", _v);
        register_parameter("b", _b);
    }

    public RnadeOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>
    /// The mixture parameters of every conditional p(x_d | x_&lt;d): log π (normalised over k), μ and log σ, each
    /// <c>[batch, D, K]</c>.
    /// </summary>
    public override (Tensor LogWeights, Tensor Means, Tensor LogScales) forward(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var scope = NewDisposeScope();
        var a = Nade.PreActivations(x.to_type(_w.dtype), _w, _c);                           // [batch, D, H]
        var hidden = nn.functional.relu(a * _rho.unsqueeze(1));                              // [batch, D, H]
        var outputs = einsum("bdh,doh->bdo", hidden, _v) + _b;                               // [batch, D, 3K]
        var (logWeights, means, logScales) = Split(outputs);
        return (logWeights.MoveToOuterDisposeScope(), means.MoveToOuterDisposeScope(), logScales.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    /// <remarks>Σ_d log Σ_k π_dk N(x_d; μ_dk, σ_dk²), each inner sum by <see cref="LogSpace.LogSumExp"/>.</remarks>
    public Tensor LogProb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(_w.dtype);
        var (logWeights, means, logScales) = forward(xs);
        var z = (xs.unsqueeze(2) - means) * (-logScales).exp();                              // [batch, D, K]
        var logNormal = (-0.5 * z.square()) - logScales - HalfLog2Pi;                        // [batch, D, K]
        var perDimension = LogSpace.LogSumExp(logWeights + logNormal, 2);                    // [batch, D]
        return perDimension.sum(dim: 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Ancestral sampling with NADE's running pre-activation: for each d, pick a component k with
    /// probability π_dk, then x_d = μ_dk + σ_dk ε with ε ~ N(0, 1).</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = zeros(n, Dimensions, dtype: _w.dtype, device: _w.device);                   // [n, D]
        var a = _c.expand(n, Options.Hidden).clone();                                       // [n, H]
        for (var d = 0; d < Dimensions && n > 0; d++) // multinomial rejects an empty batch
        {
            using var step = NewDisposeScope();
            var hidden = nn.functional.relu(a * _rho[d]);                                    // [n, H]
            var (logWeights, means, logScales) = Split((hidden.matmul(_v[d].t()) + _b[d]).unsqueeze(1)); // [n, 1, K]
            var component = logWeights.squeeze(1).exp().multinomial(1, replacement: true, generator: generator); // [n, 1]
            var mean = means.squeeze(1).gather(1, component).squeeze(1);                     // [n]
            var scale = logScales.squeeze(1).gather(1, component).squeeze(1).exp();          // [n]
            var value = mean + (scale * randn(n, dtype: _w.dtype, device: _w.device, generator: generator));
            x[.., d] = value;
            a.add_(value.unsqueeze(1) * _w[.., d]);                                          // a_{d+1} = a_d + x_d W_{:,d}
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>[.., 3K] → log π (log-softmax), μ, log σ, each [.., K].</summary>
    private static (Tensor LogWeights, Tensor Means, Tensor LogScales) Split(Tensor outputs)
    {
        var parts = outputs.chunk(3, -1);
        return (parts[0].log_softmax(-1), parts[1], parts[2]);
    }
}
