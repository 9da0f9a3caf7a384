using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>Options of <see cref="Fvsbn"/>.</summary>
/// <param name="Dimensions">D, the number of binary variables (784 for a 28×28 image).</param>
/// <param name="Ordering">
/// The order in which the variables are generated: <c>Ordering[i]</c> is the variable produced i-th,
/// so <c>[2, 0, 1]</c> draws x_2 first and x_1 last. A permutation of 0 … D−1; null means 0, 1, …, D−1
/// (raster order for images).
/// </param>
public sealed record FvsbnOptions(int Dimensions, IReadOnlyList<int>? Ordering = null);

/// <summary>
/// Fully visible sigmoid belief network (Frey 1998, <i>Graphical Models for Machine Learning and Digital
/// Communication</i>; the FVSBN baseline of Gan et al. 2015 and of the Stanford CS236 notes): the chain
/// rule p(x) = Π_d p(x_d | x_&lt;d) with a logistic regression for each conditional,
/// <code>p(x_d = 1 | x_&lt;d) = σ(b_d + Σ_{j &lt; d} W_dj x_j)</code>
/// where "&lt; d" means "earlier in <see cref="FvsbnOptions.Ordering"/>".
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="forward"/> maps <c>[batch, D]</c> to the D conditional logits
/// <c>[batch, D]</c> (column d is the logit of p(x_d = 1 | earlier x), in the variables' own order);
/// <see cref="LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c> in nats per example.</para>
/// <para>All D conditionals come from one matrix product: W is stored as a full D×D matrix and
/// multiplied by a fixed 0/1 mask that keeps W_dj only when x_j comes before x_d. With the natural
/// ordering the mask is strictly lower-triangular. The stored matrix has D² + D numbers, of which
/// D(D+1)/2 are free parameters (<see cref="FreeParameterCount"/>); the masked ones get zero gradient.</para>
/// <para>Evaluating log p(x) is parallel over dimensions because x is fully observed; sampling is
/// sequential, one dimension at a time, because each draw needs the earlier ones.</para>
/// <para>The log-likelihood is concave in (W, b) — a sum of D logistic regressions — so the weights
/// start at 0 (every pixel a fair coin, log p(x) = −D ln 2): there is no poor local optimum for gradient
/// steps to get stuck in.</para>
/// </remarks>
public sealed class Fvsbn : nn.Module<Tensor, Tensor>, IDensityModel
{
    // [ComponentName] ties each field to its registered name: module.to(dtype or device) replaces the
    // tensors and writes the new ones back into these fields by that name.
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    [ComponentName(Name = "mask")]
    private readonly Tensor _mask;

    private readonly int[] _ordering;

    public Fvsbn(FvsbnOptions options)
        : base(nameof(Fvsbn))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        Options = options;
        var d = options.Dimensions;
        _ordering = options.Ordering?.ToArray() ?? Enumerable.Range(0, d).ToArray();
        RequirePermutation(_ordering, d);

        _weight = nn.Parameter(zeros(d, d));   // [D, D], row d = weights of conditional d
        _bias = nn.Parameter(zeros(d));        // [D]
        _mask = AutoregressiveMask(_ordering); // [D, D]
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
        // Persistent although the ordering determines it: TorchSharp 0.107's module.to(...) converts and moves
        // only persistent buffers, and the mask must follow the weights to float64 or to a GPU.
        register_buffer("mask", _mask);
    }

    public FvsbnOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>The generation order: the variable produced first, second, ….</summary>
    public IReadOnlyList<int> Ordering => _ordering;

    /// <summary>W, <c>[D, D]</c>; only the entries where <see cref="Mask"/> is 1 are used.</summary>
    public Parameter Weight => _weight;

    /// <summary>b, <c>[D]</c>: the logit of p(x_d = 1) when every earlier pixel is 0.</summary>
    public Parameter Bias => _bias;

    /// <summary>Mask[d, j] = 1 when x_j precedes x_d in the ordering, else 0; <c>[D, D]</c>.</summary>
    public Tensor Mask => _mask;

    /// <summary>D(D+1)/2: the weights and biases the model can actually use.</summary>
    public long FreeParameterCount => ParameterCount.ChainRuleLogistic(Dimensions);

    /// <summary>
    /// Sets the output bias to the log-odds of <paramref name="marginals"/> (<see cref="MarginalLogOdds"/>), so that
    /// the model starts as the independent-Bernoulli model of those marginals exactly while W = 0 (as at construction).
    /// </summary>
    /// <param name="marginals">P(x_v = 1) per variable v, <c>[D]</c>, typically the mean of the binary training images.</param>
    /// <param name="floor">The marginals are clamped to [ε, 1 − ε] first, so the logits stay finite.</param>
    public void InitialiseOutputBias(Tensor marginals, double floor = MarginalLogOdds.DefaultFloor) =>
        MarginalLogOdds.CopyInto(_bias, marginals, floor);

    /// <summary>The logits of all D conditionals, b + x (W ⊙ Mask)ᵀ: <c>[batch, D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        RequireShape(x);
        using var scope = NewDisposeScope();
        var logits = nn.functional.linear(x.to_type(_weight.dtype), _weight * _mask, _bias); // [batch, D]
        return logits.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor LogProb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(_weight.dtype);
        return LogDensities.BernoulliLogProb(forward(xs), xs).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Ancestral sampling: draw the variables in <see cref="Ordering"/>, each from its
    /// conditional given the ones already drawn (the not-yet-drawn ones are 0 and masked out anyway).</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weights = _weight * _mask;                                                   // [D, D]
        var x = zeros(n, Dimensions, dtype: _weight.dtype, device: _weight.device);    // [n, D]
        foreach (var d in _ordering)
        {
            using var step = NewDisposeScope();
            // Only row d of the product is needed: O(n·D) per dimension instead of O(n·D²).
            var logit = x.matmul(weights[d]) + _bias[d];                                  // [n]
            x[.., d] = bernoulli(sigmoid(logit), generator);
        }

        return x.MoveToOuterDisposeScope();
    }

    private static Tensor AutoregressiveMask(int[] ordering)
    {
        var d = ordering.Length;
        var rank = new int[d]; // rank[v] = position of variable v in the ordering
        for (var i = 0; i < d; i++)
        {
            rank[ordering[i]] = i;
        }

        var mask = new float[d * d];
        for (var row = 0; row < d; row++)
        {
            for (var column = 0; column < d; column++)
            {
                mask[(row * d) + column] = rank[column] < rank[row] ? 1f : 0f;
            }
        }

        return tensor(mask, [d, d]);
    }

    private static void RequirePermutation(int[] ordering, int dimensions)
    {
        if (ordering.Length != dimensions || !ordering.Order().SequenceEqual(Enumerable.Range(0, dimensions)))
        {
            throw new ArgumentException(
                $"The ordering must list each of the {dimensions} variables 0 … {dimensions - 1} exactly once; got [{string.Join(", ", ordering)}].",
                nameof(FvsbnOptions.Ordering));
        }
    }

    private void RequireShape(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}]. Flatten images first.", nameof(x));
        }
    }
}
