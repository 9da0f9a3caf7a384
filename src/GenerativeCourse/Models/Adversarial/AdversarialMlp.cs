using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Adversarial;

/// <summary>The multilayer perceptrons of the MLP players (<see cref="Gan"/>, <see cref="ConditionalGan"/>).</summary>
internal static class AdversarialMlp
{
    /// <summary>
    /// input → (linear → activation) per hidden width → linear → output, and <paramref name="last"/> on top when given.
    /// Layers are named <c>linear{i}</c>, <c>activation{i}</c>, <c>output</c>, <c>squash</c>.
    /// </summary>
    public static Sequential Build(int input, IReadOnlyList<int> hidden, int output, Func<nn.Module<Tensor, Tensor>> activation, nn.Module<Tensor, Tensor>? last = null)
    {
        if (hidden.Any(h => h < 1))
        {
            throw new ArgumentException($"Every hidden width must be ≥ 1, got [{string.Join(", ", hidden)}].", nameof(hidden));
        }

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = input;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"activation{i}", activation()));
            width = hidden[i];
        }

        layers.Add(("output", nn.Linear(width, output)));
        if (last is not null)
        {
            layers.Add(("squash", last));
        }

        return nn.Sequential(layers);
    }
}
