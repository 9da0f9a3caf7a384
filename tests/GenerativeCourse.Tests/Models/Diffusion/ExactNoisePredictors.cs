using GenerativeCourse.Models.Diffusion;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

/// <summary>
/// The optimal ε-network E[ε | x_t] = −√(1 − ᾱ_t) ∇ log q_t(x_t) for data drawn from a mixture of isotropic Gaussians
/// Σ_k π_k N(μ_k, s_k² I): q_t is the mixture with means √ᾱ_t μ_k and variances ᾱ_t s_k² + 1 − ᾱ_t. One component with
/// s = 0 is a point mass (then ε̂ = ε exactly); with one component it is the Gaussian case, linear in x_t.
/// </summary>
internal sealed class MixtureNoisePredictor(NoiseSchedule schedule, double[] weights, double[,] means, double[] stds) : INoisePredictor
{
    public static MixtureNoisePredictor Gaussian(NoiseSchedule schedule, double mean, double std, int dimensions = 1)
    {
        var means = new double[1, dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            means[0, d] = mean;
        }

        return new MixtureNoisePredictor(schedule, [1.0], means, [std]);
    }

    public Tensor PredictNoise(Tensor noisy, Tensor t, Tensor? labels = null)
    {
        using var scope = NewDisposeScope();
        var k = weights.Length;
        var d = means.GetLength(1);
        var x = noisy.to_type(float64).reshape(noisy.shape[0], -1);                                   // [batch, D]
        var alphaBar = schedule.Gather(t, schedule.AlphaBar).reshape(-1, 1);                           // [batch, 1]
        var flat = new double[k * d];
        Buffer.BlockCopy(means, 0, flat, 0, flat.Length * sizeof(double));
        var mu = tensor(flat, float64).reshape(1, k, d) * alphaBar.sqrt().unsqueeze(-1);              // [batch, K, D]
        var variance = (alphaBar * tensor(stds, float64).square().reshape(1, k)) + (1 - alphaBar);     // [batch, K]
        var difference = mu - x.unsqueeze(1);                                                          // [batch, K, D]
        var logJoint = tensor(weights, float64).log().reshape(1, k) - (0.5 * d * variance.log())
            - (0.5 * difference.square().sum(-1) / variance);
        var score = (logJoint.softmax(1).unsqueeze(-1) * difference / variance.unsqueeze(-1)).sum(1);  // [batch, D]
        return (-(1 - alphaBar).sqrt() * score).to_type(noisy.dtype).reshape(noisy.shape).MoveToOuterDisposeScope();
    }
}

/// <summary>Statistical yardsticks of the diffusion tests.</summary>
internal static class SampleTests
{
    /// <summary>The two-sample Kolmogorov–Smirnov statistic sup |F_a − F_b| of two 1-D samples.</summary>
    public static double KolmogorovSmirnov(Tensor a, Tensor b)
    {
        var x = a.to_type(float64).flatten().data<double>().ToArray();
        var y = b.to_type(float64).flatten().data<double>().ToArray();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0, j = 0;
        var largest = 0.0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v) { i++; }
            while (j < y.Length && y[j] <= v) { j++; }
            largest = Math.Max(largest, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return largest;
    }

    /// <summary>
    /// The asymptotic critical value of the two-sample KS statistic at false-alarm rate 0.001: c·√((n + m)/(n m)) with
    /// c = √(−ln(0.001/2)/2) = 1.949.
    /// </summary>
    public static double KolmogorovSmirnovCritical001(long n, long m) => 1.949 * Math.Sqrt((double)(n + m) / (n * m));
}
