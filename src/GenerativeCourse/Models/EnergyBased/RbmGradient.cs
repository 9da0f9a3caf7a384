using static TorchSharp.torch;

namespace GenerativeCourse.Models.EnergyBased;

/// <summary>
/// An estimate of the log-likelihood gradient of an <see cref="Rbm"/>, the positive-phase statistics (under the
/// data) minus the negative-phase statistics (under the model's chains). It is an ascent direction: add it.
/// </summary>
/// <param name="Weights">⟨p(h|v) vᵀ⟩_data − ⟨p(h|v) vᵀ⟩_chains, <c>[H, V]</c>.</param>
/// <param name="VisibleBias">⟨v⟩_data − ⟨v⟩_chains, <c>[V]</c>.</param>
/// <param name="HiddenBias">⟨p(h|v)⟩_data − ⟨p(h|v)⟩_chains, <c>[H]</c>.</param>
/// <remarks>The caller owns the three tensors; <see cref="Dispose"/> frees them.</remarks>
public sealed record RbmGradient(Tensor Weights, Tensor VisibleBias, Tensor HiddenBias) : IDisposable
{
    public void Dispose()
    {
        Weights.Dispose();
        VisibleBias.Dispose();
        HiddenBias.Dispose();
    }
}
