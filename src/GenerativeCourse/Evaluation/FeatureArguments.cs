using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// The argument checks the set-to-set metrics share (<c>KernelInceptionDistance</c>, <c>PrecisionRecall</c>,
/// <c>MemorisationCheck</c>): rows of vectors <c>[n, d]</c>, enough of them, and the same d on both sides. Each
/// error names the parameter and the shape it expected.
/// </summary>
internal static class FeatureArguments
{
    /// <summary>Throws unless <paramref name="x"/> is <c>[n, d]</c> with n ≥ <paramref name="minimumRows"/> and d ≥ 1.</summary>
    public static void Rows(Tensor x, string name, long minimumRows)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.dim() != 2 || x.shape[0] < minimumRows || x.shape[1] < 1)
        {
            throw new ArgumentException(
                $"Expected feature vectors [n ≥ {minimumRows}, d ≥ 1], got [{string.Join(", ", x.shape)}].", name);
        }
    }

    /// <summary>Throws unless the rows of <paramref name="a"/> and <paramref name="b"/> have the same length.</summary>
    public static void SameWidth(Tensor a, string aName, Tensor b, string bName)
    {
        if (a.shape[1] != b.shape[1])
        {
            throw new ArgumentException(
                $"Feature sizes differ: {aName} has d = {a.shape[1]}, {bName} has d = {b.shape[1]}; both must come from the same feature map.", bName);
        }
    }

    /// <summary>Images <c>[n, …]</c> (or vectors <c>[n, d]</c>) as rows <c>[n, ∏ rest]</c>, without copying.</summary>
    public static Tensor Flattened(Tensor images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.dim() < 2 || images.shape[0] < 1)
        {
            throw new ArgumentException(
                $"Expected a batch of images [n ≥ 1, …] or vectors [n ≥ 1, d], got [{string.Join(", ", images.shape)}].", name);
        }

        return images.reshape(images.shape[0], -1);
    }
}
