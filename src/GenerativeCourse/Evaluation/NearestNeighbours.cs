using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// Exact k-nearest-neighbour search by Euclidean distance between the rows of two matrices, in blocks so that
/// 10,000 × 50,000 pairs never sit in memory at once. The building block of <c>PrecisionRecall</c> (the radius of
/// a point's k-NN ball) and of <c>MemorisationCheck</c> (the training image closest to each sample).
/// </summary>
/// <remarks>
/// <para>A block of squared distances costs one matrix product, by the expansion
/// ‖a − b‖² = ‖a‖² + ‖b‖² − 2 aᵀb, in float64. The expansion cancels digits when a and b are close: for a copy it returns
/// about 1e-16·‖a‖² instead of 0. So the k distances returned are recomputed from the differences a − b themselves,
/// and sorted again: a copy is at distance exactly 0, and a near-tie that the expansion ordered wrongly is put right.</para>
/// <para>Cost: 2·q·n·d multiply-adds for q queries against n reference rows of length d (1,000 samples against
/// 50,000 training digits of 784 pixels: 78 GFLOP). Memory: one block of <see cref="BlockElements"/> float64 values
/// plus one float64 copy of a <see cref="ReferenceRows"/>-row slice of the reference at a time.</para>
/// </remarks>
public static class NearestNeighbours
{
    /// <summary>Values in one block of distances (float64): 2²² values are 32 MB.</summary>
    public const long BlockElements = 1L << 22;

    /// <summary>Reference rows converted to float64 at a time: 8,192 digits of 784 pixels are 51 MB.</summary>
    public const int ReferenceRows = 8192;

    /// <summary>
    /// For each row of <paramref name="queries"/> <c>[q, d]</c>, the <paramref name="k"/> nearest rows of
    /// <paramref name="reference"/> <c>[n, d]</c>: Euclidean distances float64 <c>[q, k]</c>, ascending along each row,
    /// and the rows' indices into <paramref name="reference"/>, int64 <c>[q, k]</c>. A query that is also a reference
    /// row finds itself at distance 0 (search with k + 1 to skip it).
    /// </summary>
    /// <exception cref="ArgumentException">Not two matrices of the same width, or fewer than k reference rows.</exception>
    public static (Tensor Distances, Tensor Indices) Search(Tensor queries, Tensor reference, int k = 1)
    {
        FeatureArguments.Rows(queries, nameof(queries), 1);
        FeatureArguments.Rows(reference, nameof(reference), 1);
        FeatureArguments.SameWidth(queries, nameof(queries), reference, nameof(reference));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (reference.shape[0] < k)
        {
            throw new ArgumentException($"{k} neighbours asked for, but the reference has only {reference.shape[0]} rows.", nameof(k));
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var q = queries.shape[0];
        var n = reference.shape[0];
        var width = queries.shape[1];
        var query64 = queries.detach().to_type(ScalarType.Float64);                           // [q, d]
        var queryNorms = query64.square().sum(1, keepdim: true);                              // [q, 1]
        var best = full(q, k, double.PositiveInfinity, dtype: ScalarType.Float64);            // [q, k] squared, by the expansion
        var bestIndex = zeros(q, k, dtype: ScalarType.Int64);                                 // [q, k]
        for (long start = 0; start < n; start += ReferenceRows)
        {
            using var sliceScope = NewDisposeScope();
            var rows = Math.Min(ReferenceRows, n - start);
            var slice = reference.narrow(0, start, rows).detach().to_type(ScalarType.Float64);   // [r, d]
            var sliceNorms = slice.square().sum(1).unsqueeze(0);                                 // [1, r]
            var queryRows = Math.Max(1, BlockElements / rows);
            for (long first = 0; first < q; first += queryRows)
            {
                using var blockScope = NewDisposeScope();
                var count = Math.Min(queryRows, q - first);
                var block = (queryNorms.narrow(0, first, count) + sliceNorms)
                    - (2 * query64.narrow(0, first, count).matmul(slice.t()));                    // [c, r]
                var (blockBest, blockIndex) = block.topk((int)Math.Min(k, rows), 1, largest: false);
                // Merge this slice's candidates with those of earlier slices and keep the k smallest.
                var candidates = cat([best.narrow(0, first, count), blockBest], 1);               // [c, ≤ 2k]
                var candidateIndex = cat([bestIndex.narrow(0, first, count), blockIndex + start], 1);
                var (kept, position) = candidates.topk(k, 1, largest: false);
                best.narrow(0, first, count).copy_(kept);
                bestIndex.narrow(0, first, count).copy_(candidateIndex.gather(1, position));
            }
        }

        var distances = ExactDistances(query64, reference, bestIndex, width, k);                 // [q, k]
        var (sorted, order) = distances.sort(1);
        return (sorted.MoveToOuterDisposeScope(), bestIndex.gather(1, order).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Squared Euclidean distances float64 <c>[q, n]</c> between the rows of <paramref name="a"/> <c>[q, d]</c> and
    /// <paramref name="b"/> <c>[n, d]</c> by the expansion ‖a‖² + ‖b‖² − 2aᵀb, clamped at 0 (accurate to about
    /// 1e-16·(‖a‖² + ‖b‖²)). All at once: for blocks that fit in memory.
    /// </summary>
    public static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var a64 = a.detach().to_type(ScalarType.Float64);
        var b64 = b.detach().to_type(ScalarType.Float64);
        var squared = (a64.square().sum(1, keepdim: true) + b64.square().sum(1).unsqueeze(0)) - (2 * a64.matmul(b64.t()));
        return squared.clamp_min(0).MoveToOuterDisposeScope();
    }

    /// <summary>‖query_i − reference_{index[i, j]}‖ from the differences themselves, float64 <c>[q, k]</c>.</summary>
    private static Tensor ExactDistances(Tensor query64, Tensor reference, Tensor index, long width, int k)
    {
        var q = query64.shape[0];
        var result = empty(q, k, dtype: ScalarType.Float64);
        var queryRows = Math.Max(1, BlockElements / (k * width));
        for (long first = 0; first < q; first += queryRows)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(queryRows, q - first);
            var neighbours = reference.index_select(0, index.narrow(0, first, count).reshape(-1))
                .to_type(ScalarType.Float64).reshape(count, k, width);                             // [c, k, d]
            var difference = query64.narrow(0, first, count).unsqueeze(1) - neighbours;            // [c, k, d]
            result.narrow(0, first, count).copy_(difference.square().sum(2).sqrt());
        }

        return result;
    }
}
