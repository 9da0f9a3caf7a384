using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// The masked autoencoder for distribution estimation (Germain, Gregor, Murray &amp; Larochelle 2015, ICML): an
/// ordinary MLP x → D logits whose weight matrices are masked (<see cref="MadeMasks"/>) so that logit v depends
/// only on variables earlier in the ordering; then
/// <code>ℓ(x) = (W^{L+1} ⊙ M^{L+1}) relu(⋯ relu((W^1 ⊙ M^1) x + b^1) ⋯) + b^{L+1},   log p(x) = Σ_v [x_v ℓ_v − softplus(ℓ_v)]</code>
/// is an exact, normalised autoregressive likelihood computed in one forward pass.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="forward"/> maps <c>[batch, D]</c> to logits <c>[batch, D]</c> in the variables' own
/// order; <see cref="LogProb"/> and <see cref="EnsembleLogProb"/> give <c>[batch]</c> in nats per example.</para>
/// <para>Each of the K masks is a different autoregressive model sharing one set of weights. Training with
/// <see cref="NextMask"/> after every step fits them all (the paper's connectivity-/order-agnostic training);
/// at test time <see cref="EnsembleLogProb"/> averages their <i>probabilities</i>, log (1/K) Σ_k p_k(x), which is
/// again a normalised distribution. Averaging logits instead would not be.</para>
/// <para>Sampling needs D passes, one per variable, because logit v needs the variables before it.</para>
/// <para><b>Direct connections.</b> Logit v sees variable u only through hidden units whose degree lies between
/// u's position and v's. With degrees drawn uniformly from 1 … D − 1, the immediately preceding variable reaches
/// v through H/(D − 1) units on average: 0.64 units for H = 500 and D = 784, so one hidden layer cannot use the
/// most informative pixel, the left neighbour, and fits the digits worse than an FVSBN. With
/// <see cref="MadeOptions.DirectConnections"/> the logits get an extra term (A ⊙ M^{direct}) x with
/// M^{direct}_{v,u} = [m^0(v) &gt; m^0(u)], the FVSBN's mask in the current ordering: every conditional sees every
/// earlier variable linearly and the hidden layer adds the nonlinear part. A starts at 0, so the untrained model is
/// the same as without it; it stores D² numbers of which D(D − 1)/2 are used.</para>
/// <para>The masks, the input degrees (hence the ordering) and the index of the current mask are persistent
/// buffers: a saved and reloaded model samples in the order its masks were built for.</para>
/// </remarks>
public sealed class Made : nn.Module<Tensor, Tensor>, IDensityModel
{
    private readonly ModuleList<MaskedLinear> _layers;
    private readonly int[] _hiddenSizes;

    // m^0(v), the 1-based position of variable v in the current ordering, [D]; floating point so that it follows
    // module.to(dtype) like the masks (integers up to 2^24 are exact in float32).
    [ComponentName(Name = "input_degrees")]
    private readonly Tensor _inputDegrees;

    // Index of the current fixed mask, or −1 after ResampleMasks; a scalar.
    [ComponentName(Name = "mask_index")]
    private readonly Tensor _maskIndex;

    // A, [D, D], and its mask: the direct input → logit path, only with MadeOptions.DirectConnections.
    [ComponentName(Name = "direct")]
    private readonly Parameter? _direct;

    [ComponentName(Name = "direct_mask")]
    private readonly Tensor? _directMask;

    /// <summary>Creates the network with the initialisation of ordinary linear layers and applies mask 0.</summary>
    /// <param name="options">Sizes, orderings and masks.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Made(MadeOptions options, torch.Generator? generator = null)
        : base(nameof(Made))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Masks, 1);
        Options = options;
        _hiddenSizes = options.HiddenSizes?.ToArray() ?? [500];
        if (_hiddenSizes.Any(size => size < 1))
        {
            throw new ArgumentException($"Every hidden layer needs at least one unit; got [{string.Join(", ", _hiddenSizes)}].", nameof(options));
        }

        int[] sizes = [options.Dimensions, .. _hiddenSizes, options.Dimensions];
        _layers = new ModuleList<MaskedLinear>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            _layers.Add(new MaskedLinear(sizes[l], sizes[l + 1], generator));
        }

        register_module("layers", _layers);
        if (options.DirectConnections)
        {
            _direct = nn.Parameter(zeros(options.Dimensions, options.Dimensions));  // [D, D], row v = logit v
            _directMask = zeros(options.Dimensions, options.Dimensions);            // [D, D]
            register_parameter("direct", _direct);
            register_buffer("direct_mask", _directMask);
        }

        _inputDegrees = zeros(options.Dimensions);
        _maskIndex = zeros(1);
        register_buffer("input_degrees", _inputDegrees);
        register_buffer("mask_index", _maskIndex);
        UseMask(0);
    }

    public MadeOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>The masked layers, input to output; their <see cref="MaskedLinear.Mask"/> are the current masks.</summary>
    public IReadOnlyList<MaskedLinear> Layers => _layers.ToArray();

    /// <summary>A, <c>[D, D]</c>: the direct input → logit weights, or null without
    /// <see cref="MadeOptions.DirectConnections"/>. Only entries where <see cref="DirectMask"/> is 1 are used.</summary>
    public Parameter? DirectWeights => _direct;

    /// <summary>M^{direct}, <c>[D, D]</c>: 1 where variable u (column) comes before variable v (row) in the current
    /// ordering; null without <see cref="MadeOptions.DirectConnections"/>.</summary>
    public Tensor? DirectMask => _directMask;

    /// <summary>The generation order of the current mask (variables sorted by their input degree).</summary>
    public IReadOnlyList<int> Ordering
    {
        get
        {
            using var cpu = _inputDegrees.to(ScalarType.Float64, CPU);
            var degrees = cpu.data<double>().ToArray();
            return Enumerable.Range(0, Dimensions).OrderBy(v => degrees[v]).ToArray();
        }
    }

    /// <summary>Index of the current mask among the K fixed ones, or null after <see cref="ResampleMasks"/>.</summary>
    public int? CurrentMask
    {
        get
        {
            var index = (int)_maskIndex.to_type(ScalarType.Float64).item<double>();
            return index < 0 ? null : index;
        }
    }

    /// <summary>Switches to fixed mask <paramref name="k"/> (0 ≤ k &lt; K), rebuilt from its seed.</summary>
    public void UseMask(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Options.Masks);
        Apply(MadeMasks.Draw(Dimensions, _hiddenSizes, Options.RandomOrderings, SeedOfMask(k)), k);
    }

    /// <summary>Moves to the next of the K fixed masks, cyclically: call it after each training step.</summary>
    public void NextMask() => UseMask(((CurrentMask ?? -1) + 1) % Options.Masks);

    /// <summary>Draws a fresh mask (outside the K fixed ones) with a seed taken from <paramref name="generator"/>.</summary>
    public void ResampleMasks(torch.Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var seed = randint(long.MaxValue, [1], ScalarType.Int64, generator: generator);
        Apply(MadeMasks.Draw(Dimensions, _hiddenSizes, Options.RandomOrderings, (ulong)seed.item<long>()), -1);
    }

    /// <summary>
    /// Sets the output bias to the log-odds of <paramref name="marginals"/> (<see cref="MarginalLogOdds"/>), so that
    /// the model starts as the independent-Bernoulli model of those marginals up to the small contribution of the initial output weights (exactly when they are 0).
    /// The output layer is indexed by variable, not by position in the ordering, so the same bias suits every mask.
    /// </summary>
    /// <param name="marginals">P(x_v = 1) per variable v, <c>[D]</c>, typically the mean of the binary training images.</param>
    /// <param name="floor">The marginals are clamped to [ε, 1 − ε] first, so the logits stay finite.</param>
    public void InitialiseOutputBias(Tensor marginals, double floor = MarginalLogOdds.DefaultFloor) =>
        MarginalLogOdds.CopyInto(_layers[^1].Bias, marginals, floor);

    /// <summary>The D logits under the current mask, <c>[batch, D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}]. Flatten images first.", nameof(x));
        }

        using var scope = NewDisposeScope();
        var input = x.to_type(_layers[0].Weight.dtype);                        // [batch, D]
        var h = input;
        for (var l = 0; l < _layers.Count; l++)
        {
            h = _layers[l].forward(h);
            if (l + 1 < _layers.Count)
            {
                h = nn.functional.relu(h);                                      // [batch, H_l]
            }
        }

        if (_direct is not null)
        {
            h = h + nn.functional.linear(input, _direct * _directMask!);        // [batch, D]
        }

        return h.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Under the current mask only.</remarks>
    public Tensor LogProb(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(_layers[0].Weight.dtype);
        return LogDensities.BernoulliLogProb(forward(xs), xs).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// log p(x) of the ensemble of the first <paramref name="masks"/> fixed masks,
    /// log (1/k) Σ_{j&lt;k} exp(log p_j(x)), in nats per example, <c>[batch]</c>. The current mask is restored.
    /// For evaluation: computed without gradients, because switching masks overwrites the mask tensors that a
    /// backward pass through the earlier masks would need.
    /// </summary>
    /// <param name="x">Examples, <c>[batch, D]</c>.</param>
    /// <param name="masks">k, from 1 to <see cref="MadeOptions.Masks"/>.</param>
    public Tensor EnsembleLogProb(Tensor x, int masks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(masks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(masks, Options.Masks);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var saved = buffers().Select(b => (Buffer: b, Copy: b.clone())).ToArray();
        try
        {
            var perMask = new List<Tensor>();
            for (var k = 0; k < masks; k++)
            {
                UseMask(k);
                perMask.Add(LogProb(x));
            }

            return LogSpace.LogMeanExp(stack(perMask), 0).MoveToOuterDisposeScope(); // [K, batch] → [batch]
        }
        finally
        {
            foreach (var (buffer, copy) in saved)
            {
                buffer.copy_(copy);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Ancestral sampling under the current mask: D forward passes, each fixing one more variable.</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = _layers[0].Weight;
        var x = zeros(n, Dimensions, dtype: w.dtype, device: w.device);        // [n, D]
        foreach (var v in Ordering)
        {
            using var step = NewDisposeScope();
            // The full pass costs O(n·(DH + H²)); only column v is used, the earlier ones are already drawn.
            x[.., v] = bernoulli(sigmoid(forward(x)[.., v]), generator);
        }

        return x.MoveToOuterDisposeScope();
    }

    private ulong SeedOfMask(int k) => new Data.SplitMix64(Options.MaskSeed + (ulong)k).NextUInt64();

    private void Apply(MadeConnectivity connectivity, int index)
    {
        var masks = MadeMasks.Masks(connectivity);
        try
        {
            for (var l = 0; l < _layers.Count; l++)
            {
                _layers[l].SetMask(masks[l]);
            }
        }
        finally
        {
            foreach (var mask in masks)
            {
                mask.Dispose();
            }
        }

        using var noGrad = no_grad();
        using var degrees = tensor(MadeMasks.InputDegrees(connectivity.Ordering).Select(m => (float)m).ToArray());
        _inputDegrees.copy_(degrees);
        if (_directMask is not null)
        {
            using var direct = degrees.unsqueeze(1).gt(degrees.unsqueeze(0));           // [D, D]: m0(v) > m0(u)
            _directMask.copy_(direct);
        }

        _maskIndex.fill_(index);
    }
}
