using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Training;

/// <summary>A minimal batch source for the trainer tests (the course's own batching lives in Data/).</summary>
internal static class TestBatches
{
    /// <summary>Shuffles the rows of <paramref name="data"/> with <paramref name="generator"/> and cuts them into batches.</summary>
    public static IEnumerable<Tensor> Shuffled(Tensor data, int batchSize, Generator generator)
    {
        var count = data.shape[0];
        var permutation = randperm(count, generator: generator);
        for (long start = 0; start < count; start += batchSize)
        {
            // Freed when the enumerator resumes, after the trainer's step, so nothing piles up in an epoch.
            using var rows = permutation.narrow(0, start, Math.Min(batchSize, count - start));
            yield return data.index_select(0, rows);
        }
    }
}
