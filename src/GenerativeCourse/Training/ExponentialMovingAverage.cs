using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Training;

/// <summary>
/// An exponential moving average of a model's weights (Polyak &amp; Juditsky 1992; for diffusion models Ho, Jain &amp;
/// Abbeel 2020 sample from the average with decay 0.9999): after every optimiser step,
/// <code>θ̄ ← d θ̄ + (1 − d) θ,</code>
/// kept in a second module of the same architecture. The average follows the trained weights with a lag of about
/// 1/(1 − d) steps and smooths out the step-to-step noise of Adam at a constant learning rate, which shows in the
/// samples more than in the loss.
/// </summary>
/// <remarks>Buffers (running statistics) are copied, not averaged. The average's parameters never need gradients, so
/// they are frozen here.</remarks>
public sealed class ExponentialMovingAverage
{
    private readonly (Tensor Source, Tensor Average)[] _parameters;
    private readonly (Tensor Source, Tensor Average)[] _buffers;

    /// <param name="source">The module being trained.</param>
    /// <param name="average">A module of the same architecture that holds θ̄; set to θ here.</param>
    /// <param name="decay">d in [0, 1); 0 makes the average a copy.</param>
    public ExponentialMovingAverage(nn.Module source, nn.Module average, double decay)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(average);
        if (decay is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay d must lie in [0, 1).");
        }

        _parameters = Pair(source.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), average.named_parameters().Select(p => (p.name, (Tensor)p.parameter)));
        _buffers = Pair(source.named_buffers(), average.named_buffers());
        Decay = decay;
        foreach (var (_, parameter) in _parameters)
        {
            parameter.requires_grad = false;
        }

        CopyAll();
    }

    /// <summary>d.</summary>
    public double Decay { get; }

    /// <summary>θ̄ ← d θ̄ + (1 − d) θ for every parameter; buffers copied. Call after each optimiser step.</summary>
    public void Update()
    {
        using var noGrad = no_grad();
        foreach (var (source, average) in _parameters)
        {
            average.mul_(Decay).add_(source, alpha: 1 - Decay);
        }

        foreach (var (source, average) in _buffers)
        {
            average.copy_(source);
        }
    }

    /// <summary>θ̄ ← θ.</summary>
    public void CopyAll()
    {
        using var noGrad = no_grad();
        foreach (var (source, average) in _parameters.Concat(_buffers))
        {
            average.copy_(source);
        }
    }

    private static (Tensor, Tensor)[] Pair(IEnumerable<(string Name, Tensor Value)> source, IEnumerable<(string Name, Tensor Value)> average)
    {
        var averages = average.ToDictionary(p => p.Name, p => p.Value);
        var pairs = new List<(Tensor, Tensor)>();
        foreach (var (name, value) in source)
        {
            if (!averages.Remove(name, out var match) || !match.shape.SequenceEqual(value.shape))
            {
                throw new ArgumentException($"The average has no tensor '{name}' of shape [{string.Join(", ", value.shape)}]; it must have the source's architecture.", nameof(average));
            }

            pairs.Add((value, match));
        }

        if (averages.Count > 0)
        {
            throw new ArgumentException($"The average has tensors the source lacks: {string.Join(", ", averages.Keys)}.", nameof(average));
        }

        return [.. pairs];
    }
}
