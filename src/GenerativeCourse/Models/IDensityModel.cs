using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models;

/// <summary>
/// A model with an exact, tractable density: it scores any data point and draws new ones. Every
/// explicit-density model of the course implements it (<c>IndependentBernoulli</c>, <c>Fvsbn</c>,
/// and later NADE, MADE and the flows), so evaluation, plots and the benchmark treat them alike.
/// </summary>
public interface IDensityModel
{
    /// <summary>D, the number of dimensions of one example.</summary>
    int Dimensions { get; }

    /// <summary>
    /// Exact log p(x) in <b>nats per example</b>. Differentiable: the training loss is its negative mean.
    /// </summary>
    /// <param name="x">Examples, <c>[batch, D]</c>, on the model's device.</param>
    /// <returns><c>[batch]</c>.</returns>
    Tensor LogProb(Tensor x);

    /// <summary>Draws <paramref name="n"/> independent examples, <c>[n, D]</c>, without gradients.</summary>
    /// <param name="n">Number of examples.</param>
    /// <param name="generator">Random source; TorchSharp's process-wide generator when null.</param>
    Tensor Sample(int n, torch.Generator? generator = null);
}
