using GenerativeCourse.Models.Diffusion;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Diffusion;

public sealed class DenoisingAutoencoderTests
{
    public DenoisingAutoencoderTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void CorruptionsChangeTheStatedShareOfPixelsInTheStatedWay()
    {
        using var scope = NewDisposeScope();
        const int N = 2000, D = 100;
        var x = bernoulli(full(N, D, 0.5), new Generator(1));
        var nu = 0.3;
        // N·D = 200,000 Bernoulli indicators: standard error of a share ≤ 0.0012; tolerance 0.006.
        var masked = new DenoisingAutoencoder(new DenoisingAutoencoderOptions(D, [8], Corruption.Masking, nu)).Corrupt(x, new Generator(2));
        Assert.True((masked <= x).all().item<bool>(), "masking only turns pixels off");
        Assert.InRange(((x == 1) & (masked == 0)).sum().item<long>() / (double)(x == 1).sum().item<long>(), nu - 0.006, nu + 0.006);

        // Salt and pepper: a hit pixel becomes 0 or 1 at random, so it changes with probability ν/2.
        var salted = new DenoisingAutoencoder(new DenoisingAutoencoderOptions(D, [8], Corruption.SaltAndPepper, nu)).Corrupt(x, new Generator(3));
        Assert.True(((salted == 0) | (salted == 1)).all().item<bool>());
        Assert.InRange((salted != x).to_type(float64).mean().item<double>(), (nu / 2) - 0.006, (nu / 2) + 0.006);

        var gaussian = new DenoisingAutoencoder(new DenoisingAutoencoderOptions(D, [8], Corruption.Gaussian, nu)).Corrupt(x, new Generator(4));
        var noise = (gaussian - x).to_type(float64);
        Assert.InRange(noise.mean().item<double>(), -0.006, 0.006);
        Assert.InRange(noise.std().item<double>(), nu - 0.006, nu + 0.006);
    }

    [Fact]
    public void GsnChainWithTheExactPosteriorSamplesTheDataDistribution()
    {
        using var scope = NewDisposeScope();
        // Bengio et al. (2013), theorem 1: if P(x | x̃) is the true posterior of the corruption, the chain x → x̃ → x leaves
        // P(x) invariant. On D = 3 bits with a correlated P, the library's salt-and-pepper corruption and the exact
        // posterior P(x | x̃) ∝ P(x) C(x̃ | x), the chain's states after 30 steps from all-zeros must follow P.
        const int D = 3, N = 20_000;
        const double Nu = 0.4;
        double[] p = [0.30, 0.02, 0.05, 0.13, 0.03, 0.12, 0.05, 0.30];                                   // P(x), rows of Enumerate
        var dae = new DenoisingAutoencoder(new DenoisingAutoencoderOptions(D, [4], Corruption.SaltAndPepper, Nu));
        var generator = new Generator(5);
        var all = BinaryVectors.Enumerate(D, float64);                                                 // [8, 3]
        Tensor ExactPosterior(Tensor corrupted)
        {
            // C(x̃_d | x_d) = 1 − ν/2 when equal, ν/2 otherwise; posterior over the 8 states per row.
            var agree = (corrupted.to_type(float64).unsqueeze(1) == all.unsqueeze(0)).to_type(float64);    // [n, 8, 3]
            var logKernel = (agree * Math.Log(1 - (Nu / 2))) + ((1 - agree) * Math.Log(Nu / 2));
            var logPosterior = logKernel.sum(-1) + tensor(p, float64).log();                             // [n, 8]
            var state = multinomial(logPosterior.softmax(1), 1, generator: generator).squeeze(1);
            return all.index_select(0, state).to_type(corrupted.dtype);
        }

        var states = GsnChain.Run(x => dae.Corrupt(x, generator), ExactPosterior, zeros(N, D), steps: 30);
        Assert.Equal(new long[] { 31, N, D }, states.shape);
        var observed = bincount(BinaryVectors.IndexOf(states[30]), minlength: 8).to_type(float64);
        var expected = tensor(p, float64) * N;                       // row i of Enumerate is state i of IndexOf
        var statistic = ((observed - expected).square() / expected).sum().item<double>();
        // χ²₀.₉₉₉ with 7 degrees of freedom is 24.32: exceeded with probability 0.001 by a correct chain (fixed seed).
        Assert.True(statistic < 24.32, $"χ² = {statistic:F1}");
    }

    [Fact]
    public void OneWalkOfWalkbackIsTheDenoisingLoss()
    {
        using var scope = NewDisposeScope();
        using var dae = new DenoisingAutoencoder(new DenoisingAutoencoderOptions(20, [16], Corruption.SaltAndPepper, 0.2), new Generator(6));
        var x = bernoulli(full(64, 20, 0.4), new Generator(7));
        var loss = dae.Loss(x, new Generator(8)).item<float>();
        Assert.Equal(loss, dae.WalkbackLoss(x, 1, new Generator(8)).item<float>());
        // Untrained, the loss is near D log 2 = 13.9 nats (outputs near ½).
        Assert.InRange(loss, 10, 18);

        // Two walks by hand, drawing in the same order: both reconstructions are scored against the original x.
        var generator = new Generator(9);
        var first = dae.forward(dae.Corrupt(x, generator));
        var walked = bernoulli(sigmoid(first), generator);
        var second = dae.forward(dae.Corrupt(walked, generator));
        var byHand = -(LogDensities.BernoulliLogProb(first, x).mean() + LogDensities.BernoulliLogProb(second, x).mean()) / 2;
        Assert.Equal(byHand.item<float>(), dae.WalkbackLoss(x, 2, new Generator(9)).item<float>(), 5);
    }
}
