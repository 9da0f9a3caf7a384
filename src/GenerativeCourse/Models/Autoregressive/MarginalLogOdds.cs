using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// The log-odds b_d = log p̄_d − log(1 − p̄_d) of each variable's marginal p̄_d = P(x_d = 1), the output bias at
/// which an autoregressive model over binary variables starts as the independent-Bernoulli model of those
/// marginals (see <see cref="IndependentBernoulli"/>).
/// </summary>
/// <remarks>
/// <para>Why: FVSBN, NADE and MADE all compute p(x_d = 1 | x_&lt;d) = σ(b_d + (a term that depends on x_&lt;d)), and
/// that term is 0 (FVSBN, zero weights) or close to 0 (NADE, MADE, small output weights) at initialisation. With
/// b = 0 the untrained model is D fair coins, D ln 2 = 543 nats on 28×28 digits; with b at the log-odds it is the
/// independent-pixel model (about 206 nats on the digits), and the first gradient steps learn dependencies
/// instead of where the ink is.</para>
/// <para>The marginals are clamped to [ε, 1 − ε] first: a pixel that is never on in the training set would get
/// b = −∞, an infinitely confident conditional that costs +∞ nats on the first test image with that pixel on.</para>
/// <para>Each model's <c>InitialiseOutputBias</c> (<see cref="Fvsbn.InitialiseOutputBias"/>,
/// <see cref="Nade.InitialiseOutputBias"/>, <see cref="Made.InitialiseOutputBias"/>, and the VAE's decoder,
/// <see cref="Latent.Vae.InitialiseOutputBias"/>) writes these values into its own bias, in its own layout.</para>
/// </remarks>
public static class MarginalLogOdds
{
    /// <summary>The default ε: about one image in a thousand.</summary>
    public const double DefaultFloor = 1e-3;

    /// <summary>log p̄ − log(1 − p̄) after clamping p̄ to [ε, 1 − ε], in float64.</summary>
    /// <param name="marginals">P(x_d = 1) per variable, <c>[D]</c>, for example the mean of the binary training images.</param>
    /// <param name="floor">ε, with 0 ≤ ε &lt; 0.5.</param>
    /// <returns>Logits, <c>[D]</c>, float64, on the device of <paramref name="marginals"/>; no gradient.</returns>
    public static Tensor Of(Tensor marginals, double floor = DefaultFloor)
    {
        ArgumentNullException.ThrowIfNull(marginals);
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(floor, 0.5);
        if (marginals.dim() != 1)
        {
            throw new ArgumentException($"Expected marginals of shape [D], got [{string.Join(", ", marginals.shape)}].", nameof(marginals));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var p = marginals.detach().to_type(ScalarType.Float64).clamp(floor, 1 - floor); // [D]
        return (p.log() - (1 - p).log()).MoveToOuterDisposeScope();
    }

    /// <summary>Copies <see cref="Of"/> into <paramref name="bias"/>, reordered by <paramref name="variables"/>.</summary>
    /// <param name="bias">The bias to overwrite, <c>[D]</c>.</param>
    /// <param name="marginals">P(x_v = 1) per variable v, <c>[D]</c>.</param>
    /// <param name="floor">ε of <see cref="Of"/>.</param>
    /// <param name="variables">Entry i of the bias belongs to variable <c>variables[i]</c>; null when entry v is variable v.</param>
    internal static void CopyInto(Tensor bias, Tensor marginals, double floor, IReadOnlyList<int>? variables = null)
    {
        if (marginals.dim() != 1 || marginals.shape[0] != bias.shape[0])
        {
            throw new ArgumentException(
                $"Expected marginals of shape [{bias.shape[0]}], got [{string.Join(", ", marginals.shape)}].", nameof(marginals));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logOdds = Of(marginals, floor).to(bias.device);
        if (variables is not null)
        {
            logOdds = logOdds.index_select(0, tensor(variables.Select(v => (long)v).ToArray(), device: bias.device));
        }

        bias.copy_(logOdds.to_type(bias.dtype));
    }
}
