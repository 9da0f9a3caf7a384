using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>Options of <see cref="IndependentBernoulli"/>.</summary>
/// <param name="Dimensions">D, the number of binary variables (784 for a 28×28 image).</param>
public sealed record IndependentBernoulliOptions(int Dimensions);

/// <summary>
/// The baseline every other density model must beat: each binary dimension is an independent coin,
/// p(x) = Π_d σ(l_d)^x_d (1 − σ(l_d))^(1 − x_d), with one logit l_d per dimension (D parameters in all).
/// It is the chain rule with every conditional p(x_d | x_&lt;d) replaced by the marginal p(x_d), so it
/// can learn how often each pixel is on but nothing about strokes.
/// </summary>
/// <remarks>
/// Shapes: <see cref="LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c> in nats per example;
/// <see cref="forward"/> returns the logits broadcast to <c>[batch, D]</c>, the same verb as the
/// autoregressive models, whose logits do depend on x. The maximum-likelihood solution has a closed form,
/// the logit of each pixel's frequency (<see cref="FitMarginals"/>); training by gradient descent
/// converges to it because the log-likelihood is concave in the logits.
/// </remarks>
public sealed class IndependentBernoulli : nn.Module<Tensor, Tensor>, IDensityModel
{
    // The name ties the field to the registered parameter, so module.to(dtype or device) updates it.
    [ComponentName(Name = "logits")]
    private readonly Parameter _logits;

    /// <summary>Creates the model with every logit 0, i.e. every pixel a fair coin.</summary>
    public IndependentBernoulli(IndependentBernoulliOptions options)
        : base(nameof(IndependentBernoulli))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        Options = options;
        _logits = nn.Parameter(zeros(options.Dimensions));
        register_parameter("logits", _logits);
    }

    public IndependentBernoulliOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>The logits l_d = log(p_d / (1 − p_d)), <c>[D]</c>.</summary>
    public Parameter Logits => _logits;

    /// <summary>Logits of p(x_d = 1), the same for every example: <c>[batch, D]</c>.</summary>
    public override Tensor forward(Tensor x) => _logits.expand(x.shape[0], Dimensions);

    /// <inheritdoc />
    public Tensor LogProb(Tensor x) => LogDensities.BernoulliLogProb(_logits, x.to_type(_logits.dtype));

    /// <inheritdoc />
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var probabilities = sigmoid(_logits).expand(n, Dimensions); // [n, D]
        return bernoulli(probabilities, generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets the logits to the maximum-likelihood solution for <paramref name="data"/>, smoothed:
    /// p_d = (count of ones + α) / (n + 2α). With α = 1 (Laplace's rule) a pixel that is never on in the
    /// data still gets a finite logit, so a test image with that pixel on does not get −∞ nats.
    /// </summary>
    /// <param name="data">Binary training data, <c>[n, D]</c>.</param>
    /// <param name="pseudoCount">α ≥ 0, imaginary observations of each value per pixel.</param>
    public void FitMarginals(Tensor data, double pseudoCount = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pseudoCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ones = data.to_type(ScalarType.Float64).sum(dim: 0);             // [D]
        var p = (ones + pseudoCount) / (data.shape[0] + (2 * pseudoCount));  // [D]
        _logits.copy_((p.log() - (1 - p).log()).to_type(_logits.dtype));
    }
}
