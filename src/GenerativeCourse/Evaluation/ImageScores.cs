using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The one batched scoring loop of the course: a per-image score (−log p(x) in nats, −IWAE-k, bits per dimension,
/// an RBM's free energy) over the rows of an image tensor, batch by batch, without gradients, each batch in its own
/// dispose scope; the values are copied out as float64 and summarised by <see cref="ScoreSummary.Of"/>.
/// </summary>
/// <remarks>
/// The batch size only bounds memory: a score computed row by row gives the same per-image values for any batch size.
/// A score that draws noise from a generator (IWAE's z, a flow's dequantization) draws it batch after batch, so its
/// values depend on the batch size through which draw lands on which image; keep the batch size fixed for such a
/// score to repeat exactly. The caller sets the model's mode (evaluation for scoring).
/// </remarks>
public static class ImageScores
{
    /// <summary>The per-image values of <paramref name="score"/> on the rows of <paramref name="images"/>, float64, in row order.</summary>
    /// <param name="images">Images <c>[n, ...]</c>; not changed or disposed.</param>
    /// <param name="batchSize">Images per call of <paramref name="score"/>.</param>
    /// <param name="score">Given a batch <c>[b, ...]</c>, one value per image <c>[b]</c>; called under <c>no_grad</c>
    /// inside a dispose scope that frees everything it allocates.</param>
    public static double[] PerImage(Tensor images, int batchSize, Func<Tensor, Tensor> score)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var n = images.shape[0];
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(images));
        var values = new double[n];
        using var noGrad = no_grad();
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(batchSize, n - start);
            var batchValues = score(images.narrow(0, start, size)).to_type(ScalarType.Float64).cpu();   // [size]
            if (batchValues.shape.Length != 1 || batchValues.shape[0] != size)
            {
                throw new ArgumentException($"The score must return one value per image, [{size}]; it returned [{string.Join(", ", batchValues.shape)}].", nameof(score));
            }

            batchValues.data<double>().CopyTo(values, (int)start);
        }

        return values;
    }

    /// <summary>The mean and standard error of <paramref name="score"/> over the rows of <paramref name="images"/>.</summary>
    /// <param name="images">Images <c>[n, ...]</c>; not changed or disposed.</param>
    /// <param name="batchSize">Images per call of <paramref name="score"/>.</param>
    /// <param name="score">One value per image, in the unit the summary reports (nats, bits/dim).</param>
    /// <param name="description">Split, binarization or dequantization, method: kept in the summary.</param>
    public static ScoreSummary Mean(Tensor images, int batchSize, Func<Tensor, Tensor> score, string description) =>
        ScoreSummary.Of(PerImage(images, batchSize, score), description);
}
