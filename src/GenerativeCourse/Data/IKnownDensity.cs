using static TorchSharp.torch;

namespace GenerativeCourse.Data;

/// <summary>
/// A toy distribution whose density can be evaluated exactly, so a model's held-out negative log-likelihood can be
/// set against the best any model can reach: the differential entropy h(p) = −E_p[log p(X)], because for every
/// model q, <c>E_p[−log q(X)] = h(p) + KL(p ‖ q) ≥ h(p)</c>. The gap between the two is the model's KL divergence
/// from the data, in nats.
/// </summary>
public interface IKnownDensity
{
    /// <summary>
    /// log p(x) in nats with respect to Lebesgue measure on the plane, <c>[n]</c> float64, for points
    /// <c>[n, 2]</c> of any floating dtype (−∞ where the density is 0).
    /// </summary>
    Tensor LogDensity(Tensor points);

    /// <summary>h(p) = −E_p[log p(X)] in nats, with its standard error and how it was obtained.</summary>
    DifferentialEntropy Entropy { get; }
}
