using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Tabular;

/// <summary>Options of <see cref="BinaryJointTable"/>.</summary>
/// <param name="Dimensions">D, the number of binary variables, at most <see cref="BinaryVectors.MaxDimensions"/>.</param>
public sealed record BinaryJointTableOptions(int Dimensions);

/// <summary>
/// The model that assumes nothing: one probability for each of the 2^D binary vectors, stored in a table,
/// p(x) = θ_{index(x)} with Σ θ = 1. It needs 2^D − 1 free parameters (<see cref="ParameterCount.FullJoint"/>),
/// so it exists only for small D — a 4×4 binary patch (65,535 numbers) — and serves chapter 01 as the
/// reference the factorised models are compared with.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="LogProb"/> maps <c>[batch, D]</c> to <c>[batch]</c> in nats per example;
/// <see cref="Sample"/> returns <c>[n, D]</c>. Row i of the table is the vector
/// <see cref="BinaryVectors.Enumerate"/> puts in row i (x_0 is the highest bit).</para>
/// <para>The maximum-likelihood table is the frequency of each vector in the data (<see cref="Fit"/>); with
/// 2^D cells and far fewer examples most cells are empty, and a test vector in an empty cell would get
/// −∞ nats. Additive smoothing (α pseudo-counts per cell) keeps every probability positive; it is the
/// posterior mean under a symmetric Dirichlet(α) prior.</para>
/// <para>The table is a buffer, not a parameter: it is fitted by counting, never by gradient steps.</para>
/// </remarks>
public sealed class BinaryJointTable : nn.Module<Tensor, Tensor>, IDensityModel
{
    [ComponentName(Name = "log_probabilities")]
    private readonly Tensor _logProbabilities;

    /// <summary>Creates the uniform table, p(x) = 2^−D for every x.</summary>
    public BinaryJointTable(BinaryJointTableOptions options)
        : base(nameof(BinaryJointTable))
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Dimensions is < 1 or > BinaryVectors.MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Dimensions,
                $"A full joint table over D binary variables has 2^D cells; D must be between 1 and {BinaryVectors.MaxDimensions}.");
        }

        Options = options;
        var cells = 1L << options.Dimensions;
        _logProbabilities = full(cells, -options.Dimensions * Math.Log(2)); // [2^D]
        register_buffer("log_probabilities", _logProbabilities);
    }

    public BinaryJointTableOptions Options { get; }

    public int Dimensions => Options.Dimensions;

    /// <summary>log θ for every vector, <c>[2^D]</c>, in the order of <see cref="BinaryVectors.Enumerate"/>.</summary>
    public Tensor LogProbabilities => _logProbabilities;

    /// <summary>2^D − 1, the free parameters of the table.</summary>
    public System.Numerics.BigInteger FreeParameterCount => ParameterCount.FullJoint(Dimensions);

    /// <summary>The same as <see cref="LogProb"/>: a table has no logits to return.</summary>
    public override Tensor forward(Tensor x) => LogProb(x);

    /// <inheritdoc />
    public Tensor LogProb(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        using var scope = NewDisposeScope();
        return _logProbabilities.index_select(0, BinaryVectors.IndexOf(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Draws cell indices from the categorical distribution θ and writes each index in binary.</remarks>
    public Tensor Sample(int n, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var index = multinomial(_logProbabilities.to_type(ScalarType.Float64).exp(), n, replacement: true, generator: generator); // [n]
        var bits = arange(Dimensions - 1, -1, -1, dtype: ScalarType.Int64, device: index.device);                          // [D], x_0 = highest bit
        var x = index.unsqueeze(1).bitwise_right_shift(bits).bitwise_and(1);                                                 // [n, D]
        return x.to_type(_logProbabilities.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sets θ to the smoothed frequencies of <paramref name="data"/>: θ_i = (count_i + α) / (n + 2^D α).
    /// </summary>
    /// <param name="data">Binary examples, <c>[n, D]</c>.</param>
    /// <param name="pseudoCount">α ≥ 0; 0 gives the maximum-likelihood table (with −∞ for unseen vectors).</param>
    public void Fit(Tensor data, double pseudoCount = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pseudoCount);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var cells = 1L << Dimensions;
        var counts = bincount(BinaryVectors.IndexOf(data), minlength: cells).to_type(ScalarType.Float64); // [2^D]
        var probabilities = (counts + pseudoCount) / (data.shape[0] + (cells * pseudoCount));
        _logProbabilities.copy_(probabilities.log().to_type(_logProbabilities.dtype));
    }
}
