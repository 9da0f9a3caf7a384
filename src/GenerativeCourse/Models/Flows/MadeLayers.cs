using GenerativeCourse.Models.Autoregressive;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// The masked layers of a MADE in the natural order whose output has <c>k</c> numbers per dimension (Germain et al.
/// 2015): D → H_1 → … → H_L → k·D, the last layer's mask repeated k times so that each of the k outputs of
/// dimension d sees only x_{&lt;d}, and the last layer's weights and biases zero, so that every output starts at 0.
/// <see cref="GaussianMade"/> (k = 2: shift and log-scale) and <see cref="MixtureOfGaussiansMade"/> (k = 3C) use it.
/// </summary>
internal static class MadeLayers
{
    /// <param name="dimensions">D.</param>
    /// <param name="hiddenSizes">H_1 … H_L.</param>
    /// <param name="outputsPerDimension">k.</param>
    /// <param name="maskSeed">Seed of the hidden units' degrees (<see cref="MadeMasks.Draw"/>).</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public static ModuleList<MaskedLinear> Build(int dimensions, IReadOnlyList<int> hiddenSizes, int outputsPerDimension, ulong maskSeed, torch.Generator? generator)
    {
        int[] sizes = [dimensions, .. hiddenSizes, outputsPerDimension * dimensions];
        var layers = new ModuleList<MaskedLinear>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            layers.Add(new MaskedLinear(sizes[l], sizes[l + 1], generator));
        }

        var masks = MadeMasks.Masks(MadeMasks.Draw(dimensions, hiddenSizes, randomOrdering: false, maskSeed));
        try
        {
            for (var l = 0; l < masks.Length; l++)
            {
                using var mask = l + 1 < masks.Length ? masks[l].clone() : cat(Enumerable.Repeat(masks[l], outputsPerDimension).ToArray(), 0); // last: [kD, H_L]
                layers[l].SetMask(mask);
            }
        }
        finally
        {
            foreach (var mask in masks)
            {
                mask.Dispose();
            }
        }

        using (no_grad())
        {
            layers[^1].Weight.zero_();
            layers[^1].Bias.zero_();
        }

        return layers;
    }
}
