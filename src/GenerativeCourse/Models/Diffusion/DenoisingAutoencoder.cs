using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Diffusion;

/// <summary>The corruption process C(x̃ | x) of a <see cref="DenoisingAutoencoder"/>.</summary>
public enum Corruption
{
    /// <summary>Masking noise (Vincent et al. 2008): each pixel is set to 0 with probability ν.</summary>
    Masking,

    /// <summary>Salt-and-pepper noise (Vincent et al. 2010; Bengio et al. 2013's MNIST chains): each pixel is, with
    /// probability ν, replaced by 0 or 1 with equal probability.</summary>
    SaltAndPepper,

    /// <summary>Additive isotropic Gaussian noise x + ν ε (ν is the standard deviation).</summary>
    Gaussian,
}

/// <summary>Options of <see cref="DenoisingAutoencoder"/>.</summary>
/// <param name="Dimensions">D, pixels per example.</param>
/// <param name="Hidden">Widths of the hidden layers (ReLU); null means [500], the size of Vincent et al.'s MNIST layers.</param>
/// <param name="Corruption">The corruption process.</param>
/// <param name="NoiseLevel">ν: the corrupted fraction, or the Gaussian standard deviation.</param>
public sealed record DenoisingAutoencoderOptions(
    int Dimensions = 784, IReadOnlyList<int>? Hidden = null, Corruption Corruption = Corruption.SaltAndPepper, double NoiseLevel = 0.3)
{
    /// <summary>The hidden widths in use.</summary>
    public IReadOnlyList<int> HiddenSizes => Hidden ?? [500];
}

/// <summary>
/// The denoising autoencoder (Vincent, Larochelle, Bengio &amp; Manzagol 2008, "Extracting and Composing Robust Features
/// with Denoising Autoencoders", ICML): corrupt x into x̃ ~ C(x̃ | x), and train a network to reconstruct the clean x,
/// <code>min_θ E_{x, x̃} [−log P_θ(x | x̃)],   P_θ(x | x̃) = Π_d Bernoulli(x_d; σ(f_θ(x̃)_d)),</code>
/// the cross-entropy of the paper, in nats per example (grey levels in [0, 1] are allowed as soft targets). Its optimum
/// is the true posterior P(x | x̃) in the Bernoulli family, which makes it a building block of a Markov chain that
/// samples the data (<see cref="GsnChain"/>), and, for small Gaussian corruption, an estimator of the score:
/// r(x̃) − x̃ ≈ ν² ∇ log p(x̃) (Alain &amp; Bengio 2014; Vincent 2011).
/// </summary>
/// <remarks>Shapes: x, x̃ <c>[batch, D]</c> in [0, 1]; logits <c>[batch, D]</c>; losses in nats per example.</remarks>
public sealed class DenoisingAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _network;

    /// <param name="options">Sizes and corruption; the defaults when null.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public DenoisingAutoencoder(DenoisingAutoencoderOptions? options = null, torch.Generator? generator = null)
        : base(nameof(DenoisingAutoencoder))
    {
        options ??= new DenoisingAutoencoderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.NoiseLevel);
        if (options.Corruption != Corruption.Gaussian && options.NoiseLevel > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.NoiseLevel, $"{options.Corruption} noise needs a probability ν ≤ 1.");
        }

        if (options.HiddenSizes.Count == 0 || options.HiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentException("Hidden needs at least one layer, every width ≥ 1.", nameof(options));
        }

        Options = options;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var input = options.Dimensions;
        for (var i = 0; i < options.HiddenSizes.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(input, options.HiddenSizes[i])));
            layers.Add(($"relu{i}", nn.ReLU()));
            input = options.HiddenSizes[i];
        }

        layers.Add(("output", nn.Linear(input, options.Dimensions)));
        _network = nn.Sequential(layers);
        register_module("network", _network);
        SeededInitialisation.FanInUniform(this, generator);
    }

    public DenoisingAutoencoderOptions Options { get; }

    /// <summary>A draw x̃ ~ C(x̃ | x), <c>[batch, D]</c>, without gradients.</summary>
    /// <param name="x">Clean examples in [0, 1], <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of the corruption.</param>
    public Tensor Corrupt(Tensor x, torch.Generator? generator = null)
    {
        RequireShape(x);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var nu = Options.NoiseLevel;
        var hit = rand(x.shape, dtype: x.dtype, generator: generator).to(x.device) < nu;            // [batch, D]
        var corrupted = Options.Corruption switch
        {
            Corruption.Masking => where(hit, zeros_like(x), x),
            Corruption.SaltAndPepper => where(hit, bernoulli(full_like(x, 0.5), generator), x),
            _ => x + (nu * randn(x.shape, dtype: x.dtype, generator: generator).to(x.device)),
        };
        return corrupted.MoveToOuterDisposeScope();
    }

    /// <summary>The logits f_θ(x̃) of P_θ(x_d = 1 | x̃), <c>[batch, D]</c>.</summary>
    public override Tensor forward(Tensor corrupted)
    {
        RequireShape(corrupted);
        return _network.forward(corrupted);
    }

    /// <summary>The reconstruction r(x̃) = E_θ[x | x̃] = σ(f_θ(x̃)), <c>[batch, D]</c>.</summary>
    public Tensor Reconstruct(Tensor corrupted)
    {
        using var scope = NewDisposeScope();
        return sigmoid(forward(corrupted)).MoveToOuterDisposeScope();
    }

    /// <summary>A draw x ~ P_θ(x | x̃), binary <c>[batch, D]</c>, without gradients.</summary>
    public Tensor SampleReconstruction(Tensor corrupted, torch.Generator? generator = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return bernoulli(Reconstruct(corrupted), generator).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The denoising loss of one batch, E[−log P_θ(x | x̃)] with one x̃ per example, averaged over the batch: a scalar in
    /// nats per example, differentiable.
    /// </summary>
    /// <param name="x">Clean examples in [0, 1], <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of the corruption.</param>
    public Tensor Loss(Tensor x, torch.Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return (-LogDensities.BernoulliLogProb(forward(Corrupt(x, generator)), x).mean()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Walkback training (Bengio, Yao, Alain &amp; Vincent 2013, "Generalized Denoising Auto-Encoders as Generative Models",
    /// NeurIPS, §3.4): start at x* = x and, <paramref name="walks"/> times, corrupt x* into x̃, score the reconstruction of
    /// the <em>original</em> x from x̃, then step x* ~ P_θ(x | x̃). The chain's own wanderings become training inputs, so
    /// the spurious modes it would visit when sampling are visited, and corrected, during training. Returns the mean of the
    /// walks' losses, a scalar in nats per example; walks = 1 is <see cref="Loss"/>.
    /// </summary>
    public Tensor WalkbackLoss(Tensor x, int walks, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(walks, 1);
        using var scope = NewDisposeScope();
        var state = x;
        var total = zeros(1, dtype: x.dtype, device: x.device);
        for (var k = 0; k < walks; k++)
        {
            var corrupted = Corrupt(state, generator);
            var logits = forward(corrupted);
            total = total - LogDensities.BernoulliLogProb(logits, x).mean();
            using (no_grad())
            {
                state = bernoulli(sigmoid(logits.detach()), generator);
            }
        }

        return (total.squeeze() / walks).MoveToOuterDisposeScope();
    }

    private void RequireShape(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Options.Dimensions)
        {
            throw new ArgumentException($"Expected x of shape [batch, {Options.Dimensions}], got [{string.Join(", ", x.shape)}].", nameof(x));
        }
    }
}
