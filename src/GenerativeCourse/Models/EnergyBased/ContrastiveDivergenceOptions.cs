namespace GenerativeCourse.Models.EnergyBased;

/// <summary>Options of <see cref="ContrastiveDivergence"/>.</summary>
/// <param name="Steps">k, the Gibbs steps of the negative phase per update (CD-1, CD-10, …; PCD usually 1).</param>
/// <param name="Persistent">Persistent CD (Tieleman 2008): the negative-phase chains continue from where the previous
/// update left them instead of restarting at the data.</param>
/// <param name="LearningRate">Step size ε of the parameter update (per example, since the statistics are batch means).</param>
/// <param name="Momentum">Velocity kept from one update to the next (Hinton 2010, §9: 0.5 at first, then 0.9).</param>
/// <param name="WeightDecay">L2 penalty on W only, λ in Δ = ε(∇ − λW) (Hinton 2010, §10: 10⁻⁴ to 10⁻⁵ … 10⁻²).</param>
/// <param name="Chains">Number of persistent chains (PCD only); typically the batch size.</param>
public sealed record ContrastiveDivergenceOptions(
    int Steps = 1,
    bool Persistent = false,
    double LearningRate = 0.05,
    double Momentum = 0.5,
    double WeightDecay = 1e-4,
    int Chains = 100);
