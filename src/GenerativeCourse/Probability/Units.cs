using System.Globalization;
using static TorchSharp.torch;

namespace GenerativeCourse.Probability;

/// <summary>
/// Conversions between the units likelihoods are reported in. The library computes in <b>nats</b>
/// (natural logarithms) per example; papers on images usually quote <b>bits per dimension</b>,
/// −log₂ p(x) / D, which does not grow with the number of pixels.
/// </summary>
public static class Units
{
    /// <summary>Bits per dimension of a negative log-likelihood in nats per example: nats / (D ln 2).</summary>
    /// <param name="natsPerExample">−log p(x) in nats for one example (or an average over examples).</param>
    /// <param name="dimensions">D, the number of dimensions of one example (784 for a 28×28 image).</param>
    public static double BitsPerDimension(double natsPerExample, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return natsPerExample / (dimensions * Math.Log(2));
    }

    /// <summary>
    /// A value for a table: "—" when it was not measured (null), "−∞" and "+∞" for the infinities (an interval of Ẑ that
    /// reaches 0 gives log Ẑ = −∞) instead of .NET's "-Infinity", otherwise the number in <paramref name="format"/>,
    /// invariant culture.
    /// </summary>
    public static string Format(double? value, string format) => value switch
    {
        null => "—",
        double.NegativeInfinity => "−∞",
        double.PositiveInfinity => "+∞",
        _ => value.Value.ToString(format, CultureInfo.InvariantCulture),
    };

    /// <summary>Element-wise <see cref="BitsPerDimension(double, int)"/> of a tensor of nats.</summary>
    public static Tensor BitsPerDimension(Tensor natsPerExample, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return natsPerExample / (dimensions * Math.Log(2));
    }
}
