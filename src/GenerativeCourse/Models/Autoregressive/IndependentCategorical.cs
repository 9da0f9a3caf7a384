using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// The baseline for 8-bit images, as <see cref="IndependentBernoulli"/> is for binary ones: every pixel is an
/// independent 256-way categorical, p(x) = Π_d π_d(x_d), each π_d the smoothed histogram of pixel d's training values,
/// π_d(k) = (n_{d,k} + α) / (N + 256 α). It knows how often each pixel is black, grey or white, and nothing about
/// strokes.
/// </summary>
/// <remarks>
/// <para>Its maximum-likelihood fit is the histogram itself (α = 0), so <see cref="Fit"/> needs no training; α &gt; 0
/// keeps grey levels never seen at a pixel from getting probability 0 on test images.</para>
/// <para><b>Comparing with flows.</b> Read as a density of uniformly dequantized pixels, the model is constant on
/// every unit cube [x, x + 1)^D, with value P(x). So its bits/dim, −log₂ P(x) / D, is the same number that
/// <see cref="Flows.Dequantization.BitsPerDimension"/> gives for a flow, and a flow is worth its cost on 8-bit digits
/// only once it scores below this.</para>
/// <para>Shapes: images are <c>[batch, D]</c> grey levels 0 … 255 (<c>PixelEncoding.Raw</c>); <see cref="LogProb"/>
/// gives <c>[batch]</c> in nats per image; <see cref="LogProbabilities"/> is <c>[D, 256]</c>.</para>
/// </remarks>
public sealed class IndependentCategorical : IDisposable
{
    /// <summary>Grey levels of an 8-bit pixel.</summary>
    public const int Levels = 256;

    private IndependentCategorical(Tensor logProbabilities) => LogProbabilities = logProbabilities;

    /// <summary>log π_d(k), <c>[D, 256]</c>; every row's probabilities sum to 1.</summary>
    public Tensor LogProbabilities { get; }

    /// <summary>D, the number of pixels.</summary>
    public int Dimensions => (int)LogProbabilities.shape[0];

    /// <summary>Counts each pixel's grey levels in <paramref name="images"/> and smooths them by <paramref name="smoothing"/>.</summary>
    /// <param name="images"><c>[N, D]</c> whole numbers 0 … 255 (any numeric dtype).</param>
    /// <param name="smoothing">α, pseudo-counts added to each of the 256 levels of every pixel; must be positive.</param>
    /// <exception cref="ArgumentException">Not a matrix, or a value that is not a whole grey level in 0 … 255.</exception>
    public static IndependentCategorical Fit(Tensor images, double smoothing = 0.1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(smoothing);
        using var scope = NewDisposeScope();
        var levels = GreyLevels(images, nameof(images));
        var dimensions = levels.shape[1];
        var counts = bincount(Cells(levels).flatten(), minlength: dimensions * Levels).reshape(dimensions, Levels).to(float64);
        var logProbabilities = (counts + smoothing).log() - Math.Log(levels.shape[0] + (Levels * smoothing));
        return new IndependentCategorical(logProbabilities.to(float32).MoveToOuterDisposeScope());
    }

    /// <summary>log P(x) = Σ_d log π_d(x_d) in nats, <c>[batch]</c>.</summary>
    /// <exception cref="ArgumentException">Not <c>[batch, D]</c>, or not whole grey levels 0 … 255.</exception>
    public Tensor LogProb(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var levels = GreyLevels(images, nameof(images));
        if (levels.shape[1] != Dimensions)
        {
            throw new ArgumentException($"Expected images with {Dimensions} pixels, got shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        return LogProbabilities.flatten().take(Cells(levels)).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>Mean −log₂ P(x) / D over <paramref name="images"/>: bits per dimension.</summary>
    public double BitsPerDimension(Tensor images)
    {
        using var logProb = LogProb(images);
        return -logProb.mean().item<float>() / (Dimensions * Math.Log(2));
    }

    /// <inheritdoc/>
    public void Dispose() => LogProbabilities.Dispose();

    /// <summary>Index of each pixel's grey level in the flattened [D, 256] table: d · 256 + x_d, <c>[N, D]</c>.</summary>
    private static Tensor Cells(Tensor levels) => (arange(levels.shape[1]) * Levels).unsqueeze(0) + levels;

    private static Tensor GreyLevels(Tensor images, string name)
    {
        if (images.dim() != 2)
        {
            throw new ArgumentException($"Expected [N, D] grey levels, got shape [{string.Join(", ", images.shape)}].", name);
        }

        var levels = images.to(int64);
        var whole = !images.is_floating_point() || images.eq(images.round()).all().item<bool>();
        if (!whole || (levels.numel() > 0 && (levels.min().item<long>() < 0 || levels.max().item<long>() >= Levels)))
        {
            throw new ArgumentException("Expected whole grey levels 0 … 255 (PixelEncoding.Raw).", name);
        }

        return levels;
    }
}
