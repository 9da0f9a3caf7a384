using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>Options of <see cref="Nade"/>.</summary>
/// <param name="Dimensions">D, the number of binary variables (784 for a 28×28 image).</param>
/// <param name="Hidden">H, the size of the hidden layer every conditional shares (500 in the paper's MNIST runs).</param>
/// <param name="Ordering">
/// The generation order: <c>Ordering[i]</c> is the variable produced i-th. A permutation of 0 … D−1; null
/// means 0, 1, …, D−1 (raster order for images).
/// </param>
public sealed record NadeOptions(int Dimensions, int Hidden = 500, IReadOnlyList<int>? Ordering = null);

/// <summary>
/// The neural autoregressive distribution estimator (Larochelle &amp; Murray 2011, "The Neural Autoregressive
/// Distribution Estimator", AISTATS): the chain rule p(x) = Π_d p(x_d | x_&lt;d) where every conditional is a
/// one-hidden-layer network, and all of them share the input weights W,
/// <code>h_d = σ(a_d),  a_d = c + W_{:,&lt;d} x_&lt;d,  p(x_d = 1 | x_&lt;d) = σ(b_d + V_d · h_d)</code>
/// with W ∈ ℝ^{H×D}, c ∈ ℝ^H, V ∈ ℝ^{D×H}, b ∈ ℝ^D ("&lt; d" means earlier in <see cref="NadeOptions.Ordering"/>).
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="forward"/> maps <c>[batch, D]</c> to the D conditional logits <c>[batch, D]</c>
/// (column v is the logit of p(x_v = 1 | earlier x), in the variables' own order); <see cref="LogProb"/> maps
/// <c>[batch, D]</c> to <c>[batch]</c> in nats per example. Weights are stored in generation order: column i of
/// <see cref="InputWeights"/> and row i of <see cref="OutputWeights"/> belong to variable <c>Ordering[i]</c>.</para>
/// <para>The weight sharing is what makes NADE cheap: a_{d+1} = a_d + W_{:,d} x_d, so all D pre-activations
/// are one running (prefix) sum, O(HD) per example instead of the O(HD²) of D separate networks. The same
/// recurrence makes sampling O(HD) per image (<see cref="Sample"/>). 2HD + H + D parameters
/// (<see cref="ParameterCount.Nade"/>) against the D(D+1)/2 of an FVSBN.</para>
/// </remarks>
public sealed class Nade : nn.Module<Tensor, Tensor>, IDensityModel
{
    // [ComponentName] ties each field to its registered name, so module.to(dtype or device) updates the fields.
    [ComponentName(Name = "W")]
    private readonly Parameter _w;

    [ComponentName(Name = "c")]
    private readonly Parameter _c;

    [ComponentName(Name = "V")]
    private readonly Parameter _v;

    [ComponentName(Name = "b")]
    private readonly Parameter _b;

    private readonly int[] _ordering;
    private readonly long[] _toGeneration;   // column i of the ordered input is variable _ordering[i]
    private readonly long[] _fromGeneration; // inverse permutation
    private readonly bool _natural;

    /// <summary>
    /// Creates the model with W and V drawn from N(0, 0.01²) and zero biases: every conditional starts close to
    /// a fair coin while the hidden units already differ.
    /// </summary>
    /// <param name="options">Sizes and ordering.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Nade(NadeOptions options, torch.Generator? generator = null)
        : base(nameof(Nade))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hidden, 1);
        Options = options;
        int d = options.Dimensions, h = options.Hidden;
        _ordering = options.Ordering?.ToArray() ?? Enumerable.Range(0, d).ToArray();
        Orderings.RequirePermutation(_ordering, d, nameof(NadeOptions.Ordering));
        _natural = _ordering.SequenceEqual(Enumerable.Range(0, d));
        _toGeneration = _ordering.Select(v => (long)v).ToArray();
        _fromGeneration = Orderings.Positions(_ordering).Select(i => (long)i).ToArray();

        _w = nn.Parameter(randn(h, d, generator: generator) * 0.01); // [H, D]
        _c = nn.Parameter(zeros(h));                                  // [H]
        _v = nn.Parameter(randn(d, h, generator: generator) * 0.01); // [D, H]
        _b = nn.Parameter(zeros(d));                                  // [D]
        register_parameter("W", _w);
        register_parameter("c", _c);
        register_parameter("V", _v);
        register_parameter("b", _b);
    }

    public NadeOptions Options { get; }

    /// <summary>
    /// Numbers per [rows, D, H] block of hidden units that forward builds at once: 1M, 4 MB in float32, so that a
    /// block and its few temporaries stay close to the CPU caches. Measured in CPU time per training step (forward
    /// and backward, D = 784, H = 100, batch 100, one thread, on a busy shared machine): blocks of 0.5M–1M numbers
    /// ran about 1,850–2,100 examples per CPU-second, blocks of 4M between 470 and 1,780 (two sessions disagreed),
    /// and the whole batch at once 280–600; at H = 500 the block size hardly mattered.
    /// </summary>
    internal long ChunkElements { get; set; } = 1L << 20;

    public int Dimensions => Options.Dimensions;

    /// <summary>The generation order: the variable produced first, second, ….</summary>
    public IReadOnlyList<int> Ordering => _ordering;

    /// <summary>W, <c>[H, D]</c>, shared by all conditionals; column i multiplies the i-th variable generated.</summary>
    public Parameter InputWeights => _w;

    /// <summary>c, <c>[H]</c>: the hidden pre-activation of the first conditional, which sees no input.</summary>
    public Parameter HiddenBias => _c;

    /// <summary>V, <c>[D, H]</c>: row i reads the hidden layer of the i-th conditional.</summary>
    public Parameter OutputWeights => _v;

    /// <summary>b, <c>[D]</c>, in generation order.</summary>
    public Parameter OutputBias => _b;

    /// <summary>
    /// Sets the output bias to the log-odds of <paramref name="marginals"/> (<see cref="MarginalLogOdds"/>), so that
    /// the model starts as the independent-Bernoulli model of those marginals up to the small V · h of the initial output weights (exactly when V = 0). The bias is
    /// stored in generation order; this method puts each variable's log-odds in its place.
    /// </summary>
    /// <param name="marginals">P(x_v = 1) per variable v, <c>[D]</c>, typically the mean of the binary training images.</param>
    /// <param name="floor">The marginals are clamped to [ε, 1 − ε] first, so the logits stay finite.</param>
    public void InitialiseOutputBias(Tensor marginals, double floor = MarginalLogOdds.DefaultFloor) =>
        MarginalLogOdds.CopyInto(_b, marginals, floor, _ordering);

    /// <summary>The logits of all D conditionals, <c>[batch, D]</c>, in the variables' own order.</summary>
    public override Tensor forward(Tensor x)
    {
        RequireShape(x);
        using var scope = NewDisposeScope();
        var ordered = ToGenerationOrder(x.to_type(_w.dtype));                   // [batch, D]
        // The hidden layers of a batch are [batch, D, H] numbers: 157 MB for 100 digits with H = 500. Chunks of
        // about 1M numbers each get their own dispose scope, so the temporaries that autograd does not keep
        // (the terms of the sum, the pre-activations, the products with V) are freed and their memory reused by
        // the next chunk instead of all living until the end of the batch.
        var rows = (int)Math.Max(1, ChunkElements / ((long)Dimensions * Options.Hidden));
        var chunks = ordered.split(rows).Select(chunk =>
        {
            using var chunkScope = NewDisposeScope();
            var hidden = sigmoid(PreActivations(chunk, _w, _c));                // [rows, D, H]
            // logit_i = b_i + V_i · h_i for every i at once: a batched dot product, not a full matmul. A product
            // and a sum beat einsum here, which copies the hiddens into a batched-matmul layout.
            return ((hidden * _v).sum(dim: 2) + _b).MoveToOuterDisposeScope();  // [rows, D]
        }).ToArray();
        return FromGenerationOrder(cat(chunks, 0)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor LogProb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(_w.dtype);
        return LogDensities.BernoulliLogProb(forward(xs), xs).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Ancestral sampling in <see cref="Ordering"/>, carrying a_i from one step to the next: each step
    /// costs one H-vector dot product and one H-vector update per image, O(HD) per image in all.</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var scope = NewDisposeScope();
        var blank = zeros(n, Dimensions, dtype: _w.dtype, device: _w.device);
        return Complete(blank, null, generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fills in the unobserved pixels of <paramref name="x"/>: it walks the <see cref="Ordering"/>, keeps every
    /// observed x_v as it is and draws every unobserved one from p(x_v | x_&lt;v), where x_&lt;v mixes observed
    /// and already drawn values.
    /// </summary>
    /// <remarks>
    /// When every observed pixel comes before every unobserved one in the ordering (the top half of a digit in
    /// raster order), the result is an exact draw from p(x_unobserved | x_observed). Otherwise it is the
    /// autoregressive completion: an unobserved pixel ignores observed pixels that come after it, because
    /// conditioning on the future is intractable in NADE. Observed entries are copied, never recomputed, so they
    /// come back bit for bit, in the dtype of <paramref name="x"/>. The random draws do not depend on the mask.
    /// </remarks>
    /// <param name="x">Images, <c>[n, D]</c>; entries at unobserved positions are ignored.</param>
    /// <param name="observed">1/true where a pixel is observed, <c>[n, D]</c> or <c>[D]</c> for all images.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    /// <returns>A new tensor, <c>[n, D]</c>, the dtype of <paramref name="x"/>.</returns>
    public Tensor Inpaint(Tensor x, Tensor observed, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(observed);
        RequireShape(x);
        using var scope = NewDisposeScope();
        var mask = observed.to_type(ScalarType.Bool).to(x.device).expand(x.shape[0], Dimensions);
        return Complete(x, mask, generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// a_i = c + Σ_{j&lt;i} x_j W_{:,j} for every i, as one prefix sum (cumsum) over j.
    /// </summary>
    /// <remarks>
    /// The sum must stop before x_i, so the inputs are shifted by one place and c takes the freed first place:
    /// with x' = (1, x_0, …, x_{D−2}) and W' = (c, W_{:,0}, …, W_{:,D−2}), a_i = Σ_{j≤i} x'_j W'_{:,j} exactly.
    /// Shifting the small [batch, D] and [H, D] inputs instead of the big result saves two [batch, D, H] copies,
    /// and nothing is subtracted, so no digits cancel.
    /// </remarks>
    /// <param name="ordered">Inputs in generation order, <c>[batch, D]</c>.</param>
    /// <param name="w">Input weights, <c>[H, D]</c>.</param>
    /// <param name="c">Hidden bias, <c>[H]</c>.</param>
    /// <returns><c>[batch, D, H]</c>; row i sees only the inputs before i.</returns>
    internal static Tensor PreActivations(Tensor ordered, Tensor w, Tensor c)
    {
        using var scope = NewDisposeScope();
        long batch = ordered.shape[0], d = ordered.shape[1];
        var constant = ones(batch, 1, dtype: ordered.dtype, device: ordered.device);
        var shiftedX = cat([constant, ordered.narrow(1, 0, d - 1)], 1);                // [batch, D]
        var shiftedW = cat([c.unsqueeze(1), w.narrow(1, 0, d - 1)], 1);                // [H, D]
        var terms = shiftedX.unsqueeze(2) * shiftedW.t().unsqueeze(0);                  // [batch, D, H]
        return terms.cumsum(1).MoveToOuterDisposeScope();
    }

    internal Tensor ToGenerationOrder(Tensor x) =>
        _natural ? x.alias() : x.index_select(1, tensor(_toGeneration, device: x.device));

    internal Tensor FromGenerationOrder(Tensor x) =>
        _natural ? x.alias() : x.index_select(1, tensor(_fromGeneration, device: x.device));

    private Tensor Complete(Tensor x, Tensor? observed, torch.Generator? generator)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var n = x.shape[0];
        var result = x.clone();                                                 // [n, D], caller's dtype
        var a = _c.expand(n, Options.Hidden).clone();                           // [n, H], running a_i
        for (var i = 0; i < Dimensions; i++)
        {
            using var step = NewDisposeScope();
            var v = _ordering[i];
            var logit = sigmoid(a).matmul(_v[i]) + _b[i];                       // [n]
            var value = bernoulli(sigmoid(logit), generator).to_type(result.dtype);
            if (observed is not null)
            {
                value = where(observed[.., v], result[.., v], value);
            }

            result[.., v] = value;
            a.add_(value.to_type(_w.dtype).unsqueeze(1) * _w[.., i]);          // a_{i+1} = a_i + x_i W_{:,i}
        }

        return result.MoveToOuterDisposeScope();
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
