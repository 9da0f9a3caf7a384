using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// Activation normalisation (Kingma &amp; Dhariwal 2018, "Glow", NeurIPS, §3.1): a per-dimension affine map
/// <code>z = (x + β) ⊙ exp(log σ),   log |det ∂z/∂x| = Σ_d log σ_d</code>
/// whose parameters are initialised from the first batch it sees in training mode so that z has zero mean and
/// unit variance per dimension there (data-dependent initialisation); afterwards they are ordinary parameters.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>[batch, D]</c> → (<c>[batch, D]</c>, <c>[batch]</c> nats, the same for every example).</para>
/// <para>It replaces batch normalisation in flows: unlike batch norm its output for one example does not depend
/// on the rest of the batch, so the density of an example is well defined with any batch size.</para>
/// <para>Whether the initialisation has happened is a persistent buffer, so a reloaded model is not re-initialised.</para>
/// </remarks>
public sealed class ActNorm : FlowLayer
{
    // Keeps log σ finite for a dimension that is constant in the first batch.
    private const double Epsilon = 1e-6;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    [ComponentName(Name = "log_scale")]
    private readonly Parameter _logScale;

    [ComponentName(Name = "initialised")]
    private readonly Tensor _initialised;

    /// <param name="dimensions">D.</param>
    public ActNorm(int dimensions)
        : base(nameof(ActNorm))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        _bias = nn.Parameter(zeros(dimensions));
        _logScale = nn.Parameter(zeros(dimensions));
        _initialised = zeros(1);
        register_parameter("bias", _bias);
        register_parameter("log_scale", _logScale);
        register_buffer("initialised", _initialised);
    }

    public int Dimensions { get; }

    /// <summary>β, <c>[D]</c>.</summary>
    public Parameter Bias => _bias;

    /// <summary>log σ, <c>[D]</c>.</summary>
    public Parameter LogScale => _logScale;

    /// <summary>Whether the data-dependent initialisation has run.</summary>
    public bool IsInitialised => _initialised.to_type(ScalarType.Float64).item<double>() > 0;

    /// <summary>Sets β = −mean and log σ = −log std of <paramref name="x"/> per dimension (needs two or more rows).</summary>
    public void InitialiseFrom(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        ArgumentOutOfRangeException.ThrowIfLessThan(x.shape[0], 2L, nameof(x));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var data = x.to_type(_bias.dtype);
        _bias.copy_(-data.mean([0]));
        _logScale.copy_(-(data.std(0) + Epsilon).log());
        _initialised.fill_(1);
    }

    /// <inheritdoc />
    /// <remarks>In training mode, the first call initialises the parameters from <paramref name="x"/>.</remarks>
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        CheckShape(x, Dimensions, nameof(x));
        if (training && !IsInitialised && x.shape[0] > 1)
        {
            InitialiseFrom(x);
        }

        using var scope = NewDisposeScope();
        var z = (x + _bias) * _logScale.exp();
        var logDet = _logScale.sum().expand(x.shape[0]);                      // [batch]
        return (z.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override Tensor Inverse(Tensor z)
    {
        CheckShape(z, Dimensions, nameof(z));
        using var scope = NewDisposeScope();
        return ((z * (-_logScale).exp()) - _bias).MoveToOuterDisposeScope();
    }
}
