using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>
/// A mixture of isotropic Gaussians p(x) = Σ_k π_k N(x; μ_k, s_k² I) in D dimensions, with everything score-based models
/// need in closed form at every noise level σ. Adding N(0, σ² I) noise gives the mixture with variances s_k² + σ², so
/// <code>∇_x log p_σ(x) = Σ_k r_k(x) (μ_k − x)/(s_k² + σ²),   r_k(x) = π_k N(x; μ_k, (s_k² + σ²) I) / p_σ(x),</code>
/// and the optimal denoiser (the posterior mean of the clean point) is
/// <code>E[x_0 | x̃] = Σ_k r_k(x̃) (s_k² x̃ + σ² μ_k)/(s_k² + σ²) = x̃ + σ² ∇ log p_σ(x̃)   (Tweedie's formula).</code>
/// It is the "by hand" target of denoising score matching and of Langevin dynamics on the 2-D toys.
/// </summary>
/// <remarks>Shapes: x <c>[batch, D]</c>; log-densities <c>[batch]</c> in nats; scores <c>[batch, D]</c>. Float64
/// inside; results in x's dtype.</remarks>
public sealed class GaussianMixture
{
    private readonly double[] _weights;
    private readonly double[,] _means;
    private readonly double[] _stds;

    /// <param name="weights">π_k &gt; 0; normalised here.</param>
    /// <param name="means">μ_k, K rows of D numbers.</param>
    /// <param name="stds">s_k ≥ 0, one per component.</param>
    public GaussianMixture(IReadOnlyList<double> weights, double[,] means, IReadOnlyList<double> stds)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(stds);
        if (weights.Count == 0 || weights.Count != means.GetLength(0) || weights.Count != stds.Count || means.GetLength(1) == 0)
        {
            throw new ArgumentException($"Need K ≥ 1 weights, K rows of means and K standard deviations; got {weights.Count}, {means.GetLength(0)} and {stds.Count}.");
        }

        if (weights.Any(w => !(w > 0)) || stds.Any(s => !(s >= 0)))
        {
            throw new ArgumentException("Weights must be positive and standard deviations non-negative.");
        }

        var total = weights.Sum();
        _weights = [.. weights.Select(w => w / total)];
        _means = (double[,])means.Clone();
        _stds = [.. stds];
    }

    /// <summary>The 8 Gaussians of <see cref="Data.EightGaussians"/> as an exact mixture.</summary>
    public static GaussianMixture From(Data.EightGaussians toy)
    {
        ArgumentNullException.ThrowIfNull(toy);
        var means = new double[8, 2];
        for (var k = 0; k < 8; k++)
        {
            means[k, 0] = toy.Centers[k].X;
            means[k, 1] = toy.Centers[k].Y;
        }

        return new GaussianMixture(Enumerable.Repeat(1.0, 8).ToArray(), means, Enumerable.Repeat(toy.Std, 8).ToArray());
    }

    /// <summary>K, the number of components.</summary>
    public int Components => _weights.Length;

    /// <summary>D, the dimension.</summary>
    public int Dimensions => _means.GetLength(1);

    /// <summary>π_k, normalised.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>log p_σ(x), the log-density of the data convolved with N(0, σ² I), nats, <c>[batch]</c>.</summary>
    public Tensor LogProb(Tensor x, double sigma = 0)
    {
        using var scope = NewDisposeScope();
        var (logJoint, _, _) = Parts(x, sigma);
        return logJoint.logsumexp(1).to_type(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>∇_x log p_σ(x), <c>[batch, D]</c>.</summary>
    public Tensor Score(Tensor x, double sigma = 0)
    {
        using var scope = NewDisposeScope();
        var (logJoint, difference, variance) = Parts(x, sigma);
        var responsibility = logJoint.softmax(1);                                                 // [batch, K]
        var score = (responsibility.unsqueeze(-1) * difference / variance.reshape(1, -1, 1)).sum(1);
        return score.to_type(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// E[x_0 | x̃ = x] for x̃ = x_0 + σ ε, computed from the components' posteriors (not through the score), <c>[batch, D]</c>.
    /// </summary>
    public Tensor Denoise(Tensor x, double sigma)
    {
        using var scope = NewDisposeScope();
        var (logJoint, _, variance) = Parts(x, sigma);
        var responsibility = logJoint.softmax(1).unsqueeze(-1);                                  // [batch, K, 1]
        var s2 = tensor(_stds.Select(s => s * s).ToArray(), float64).reshape(1, -1, 1);
        var x64 = x.to_type(float64).unsqueeze(1);                                               // [batch, 1, D]
        var componentMean = ((s2 * x64) + (sigma * sigma * Means())) / variance.reshape(1, -1, 1);
        return (responsibility * componentMean).sum(1).to_type(x.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>n independent draws of p_σ, <c>[n, D]</c> float32, and their components <c>[n]</c> int64.</summary>
    public (Tensor Points, Tensor Components) Sample(int n, double sigma = 0, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var scope = NewDisposeScope();
        var component = multinomial(tensor(_weights, float64), n, replacement: true, generator: generator);      // [n]
        var std = tensor(_stds.Select(s => Math.Sqrt((s * s) + (sigma * sigma))).ToArray(), float64).index_select(0, component);
        var points = Means().squeeze(0).index_select(0, component) + (std.unsqueeze(1) * randn([n, Dimensions], dtype: float64, generator: generator));
        return (points.to_type(float32).MoveToOuterDisposeScope(), component.MoveToOuterDisposeScope());
    }

    /// <summary>The mixture's mean Σ π_k μ_k, <c>[D]</c> float64.</summary>
    public Tensor Mean()
    {
        using var scope = NewDisposeScope();
        return (tensor(_weights, float64).reshape(1, -1, 1) * Means()).sum(1).squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>The mixture's covariance Σ π_k (s_k² I + μ_k μ_kᵀ) − m mᵀ, <c>[D, D]</c> float64 (σ = 0).</summary>
    public Tensor Covariance()
    {
        using var scope = NewDisposeScope();
        var means = Means().squeeze(0);                                                          // [K, D]
        var weights = tensor(_weights, float64);
        var second = einsum("k,ki,kj->ij", weights, means, means)
            + (eye(Dimensions, dtype: float64) * weights.dot(tensor(_stds.Select(s => s * s).ToArray(), float64)));
        var mean = Mean();
        return (second - outer(mean, mean)).MoveToOuterDisposeScope();
    }

    /// <summary>log π_k N(x; μ_k, v_k I) <c>[batch, K]</c>, μ_k − x <c>[batch, K, D]</c>, v_k = s_k² + σ² <c>[K]</c>.</summary>
    private (Tensor LogJoint, Tensor Difference, Tensor Variance) Parts(Tensor x, double sigma)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }

        var variance = tensor(_stds.Select(s => (s * s) + (sigma * sigma)).ToArray(), float64);        // [K]
        if (variance.min().item<double>() <= 0)
        {
            throw new ArgumentException("A component with s_k = 0 needs σ > 0: its density is a point mass.", nameof(sigma));
        }

        var difference = Means() - x.to_type(float64).unsqueeze(1);                                     // [batch, K, D]
        var logJoint = tensor(_weights, float64).log()
            - (0.5 * Dimensions * (2 * Math.PI * variance).log())
            - (0.5 * difference.square().sum(-1) / variance);                                          // [batch, K]
        return (logJoint, difference, variance);
    }

    private Tensor Means()
    {
        var flat = new double[_means.Length];
        Buffer.BlockCopy(_means, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, float64).reshape(1, Components, Dimensions);                                // [1, K, D]
    }
}
