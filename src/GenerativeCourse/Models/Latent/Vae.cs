using GenerativeCourse.Probability;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Latent;

/// <summary>
/// The variational autoencoder (Kingma &amp; Welling 2014, "Auto-Encoding Variational Bayes", ICLR; Rezende, Mohamed
/// &amp; Wierstra 2014, "Stochastic Backpropagation and Approximate Inference in Deep Generative Models", ICML):
/// a latent-variable model p(x) = ∫ p(x|z) p(z) dz with prior p(z) = N(0, I), a Bernoulli decoder
/// p(x|z) = Π_d Bernoulli(x_d; σ(f_θ(z)_d)), and an amortised Gaussian encoder q(z|x) = N(μ_φ(x), diag σ²_φ(x)),
/// trained by maximising the evidence lower bound
/// <code>log p(x) ≥ ELBO(x) = E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z)).</code>
/// </summary>
/// <remarks>
/// <para>Shapes: x is <c>[batch, D]</c> with binary entries (flattened images); z is <c>[batch, L]</c>.
/// <see cref="Elbo"/> and <see cref="ImportanceWeightedLogProb"/> return <c>[batch]</c> in nats per example.</para>
/// <para>The KL term is in closed form (<see cref="KlDivergence.FromStandardNormal"/>, the paper's appendix B), so
/// only the reconstruction term is a one-sample Monte Carlo estimate, through the reparameterisation
/// z = μ + σ ⊙ ε (<see cref="ImportanceWeighting.Reparameterise"/>). log p(x) itself is intractable; the
/// importance-weighted bound of Burda et al. (2016) approaches it as k grows.</para>
/// </remarks>
public sealed class Vae : nn.Module<Tensor, Tensor>
{
    // [ComponentName] ties each field to its registered name, so module.to(dtype or device) updates the fields.
    [ComponentName(Name = "encoder")]
    private readonly Sequential _encoder;

    [ComponentName(Name = "decoder")]
    private readonly Sequential _decoder;

    /// <summary>
    /// Creates the networks; every weight and bias is drawn from U(−1/√fan_in, 1/√fan_in) (PyTorch's default
    /// range) with <paramref name="generator"/>, so a seed fixes the whole model.
    /// </summary>
    /// <param name="options">Sizes, architecture, β and warm-up.</param>
    /// <param name="generator">Random source of the initial weights; TorchSharp's process-wide one when null.</param>
    public Vae(VaeOptions options, torch.Generator? generator = null)
        : base(nameof(Vae))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Latent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Beta);
        ArgumentOutOfRangeException.ThrowIfNegative(options.KlWarmUpSteps);
        if (options.HiddenSizes.Count == 0 || options.HiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentException("Hidden needs at least one layer, every width ≥ 1.", nameof(options));
        }

        Options = options;
        (_encoder, _decoder) = options.Architecture == VaeArchitecture.Mlp
            ? VaeNetworks.Mlp(options)
            : VaeNetworks.Convolutional(options);
        register_module("encoder", _encoder);
        register_module("decoder", _decoder);
        SeededInitialisation.FanInUniform(this, generator);
    }

    public VaeOptions Options { get; }

    /// <summary>D, the number of pixels of one example.</summary>
    public int Dimensions => Options.Dimensions;

    /// <summary>L, the size of z.</summary>
    public int Latent => Options.Latent;

    /// <summary>Numbers per block of decoder outputs that <see cref="ImportanceWeightedLogProb"/> builds at once
    /// (4M, 16 MB in float32).</summary>
    internal long ChunkElements { get; set; } = 1L << 22;

    /// <summary>
    /// Starts the decoder's output bias at the log-odds of the pixel marginals, b_d = log p̄_d − log(1 − p̄_d)
    /// (<see cref="Autoregressive.MarginalLogOdds"/>), as NADE and MADE do. Why: the last layer's weights are small at
    /// initialisation, so the untrained decoder is then the independent-pixel model (about 206 nats on the digits)
    /// instead of 784 fair coins (543 nats), and the first steps teach z to carry strokes instead of where the ink
    /// is on average. Only the MLP decoder has a per-pixel output bias; the convolutional one is refused.
    /// </summary>
    /// <param name="marginals">P(x_d = 1) per pixel, <c>[D]</c>, for example the mean of the binary training images.</param>
    /// <param name="floor">The clamp ε of <see cref="Autoregressive.MarginalLogOdds.Of"/>.</param>
    public void InitialiseOutputBias(Tensor marginals, double floor = Autoregressive.MarginalLogOdds.DefaultFloor)
    {
        ArgumentNullException.ThrowIfNull(marginals);
        var bias = _decoder.named_parameters().Last(p => p.name.EndsWith(".bias", StringComparison.Ordinal)).parameter;
        if (bias.numel() != Dimensions)
        {
            // The convolutional decoder's last layer has one bias per channel, not per pixel.
            throw new InvalidOperationException(
                $"The decoder's last layer has a bias of size {bias.numel()}, not one per pixel ({Dimensions}): the {Options.Architecture} architecture has no per-pixel output bias.");
        }

        Autoregressive.MarginalLogOdds.CopyInto(bias, marginals, floor);
    }

    /// <summary>The decoder's logits at the encoder's mean, <c>[batch, D]</c>: a deterministic reconstruction.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (mean, _) = Encode(x);
        return Decode(mean).MoveToOuterDisposeScope();
    }

    /// <summary>The parameters of q(z|x): mean μ and log-variance log σ², <c>[batch, L]</c> each.</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        RequireShape(x);
        using var scope = NewDisposeScope();
        var input = x.to_type(DataType);
        if (Options.Architecture == VaeArchitecture.Convolutional)
        {
            input = input.reshape(-1, 1, Options.ImageSide, Options.ImageSide);
        }

        var parameters = _encoder.forward(input).chunk(2, 1);                      // 2 × [batch, L]
        return (parameters[0].MoveToOuterDisposeScope(), parameters[1].MoveToOuterDisposeScope());
    }

    /// <summary>The logits f_θ(z) of p(x_d = 1 | z), <c>[batch, D]</c>; σ of them are the pixel means.</summary>
    /// <param name="z">Codes, <c>[batch, L]</c>.</param>
    public Tensor Decode(Tensor z)
    {
        if (z.dim() != 2 || z.shape[1] != Latent)
        {
            throw new ArgumentException($"Expected z of shape [batch, {Latent}], got [{string.Join(", ", z.shape)}].", nameof(z));
        }

        using var scope = NewDisposeScope();
        return _decoder.forward(z.to_type(DataType)).reshape(-1, Dimensions).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The ELBO of each example, split into its reconstruction and KL terms, in nats per example (one
    /// reparameterised draw of z per example). Differentiable in all parameters.
    /// </summary>
    /// <param name="x">Binary examples, <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of ε; TorchSharp's process-wide generator when null.</param>
    public VaeElbo Elbo(Tensor x, torch.Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var xs = x.to_type(DataType);
        var (mean, logVariance) = Encode(xs);
        var z = ImportanceWeighting.Reparameterise(mean, logVariance, generator: generator);   // [batch, L]
        var reconstruction = LogDensities.BernoulliLogProb(Decode(z), xs);                     // [batch]
        var kl = KlDivergence.FromStandardNormal(mean, logVariance);                           // [batch]
        return new VaeElbo(
            reconstruction.MoveToOuterDisposeScope(),
            kl.MoveToOuterDisposeScope(),
            (reconstruction - kl).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The training loss of one batch: −mean over the batch of (reconstruction − w·KL), with w the KL weight
    /// (<see cref="KlWeight"/>; β when null). With w = 1 it is the mean negative ELBO in nats per example.
    /// </summary>
    /// <param name="x">Binary examples, <c>[batch, D]</c>.</param>
    /// <param name="klWeight">Weight of the KL term; <see cref="VaeOptions.Beta"/> when null.</param>
    /// <param name="generator">Random source of ε.</param>
    /// <returns>A scalar.</returns>
    public Tensor Loss(Tensor x, double? klWeight = null, torch.Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var elbo = Elbo(x, generator);
        var weight = klWeight ?? Options.Beta;
        return (-(elbo.Reconstruction - (weight * elbo.Kl)).mean()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The KL weight of training step <paramref name="step"/> (counted from 1): β·min(1, step / W) with W =
    /// <see cref="VaeOptions.KlWarmUpSteps"/>, and β throughout when W = 0.
    /// </summary>
    public double KlWeight(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Options.KlWarmUpSteps == 0
            ? Options.Beta
            : Options.Beta * Math.Min(1.0, (double)step / Options.KlWarmUpSteps);
    }

    /// <summary>
    /// The importance-weighted bound L_k(x) = log (1/k) Σ_i p(x|z_i) p(z_i) / q(z_i|x), z_i ~ q(z|x), in nats per
    /// example (Burda et al. 2016): a lower bound on log p(x) that is never below the ELBO in expectation, rises
    /// with k and reaches log p(x) as k → ∞.
    /// </summary>
    /// <remarks>
    /// Evaluation only: it runs without gradients, and the k draws are processed in chunks whose decoder outputs
    /// ([chunk·batch, D]) hold about 4M numbers, combined by a running log-sum-exp
    /// (<see cref="ImportanceWeighting.LogMeanExpInChunks"/>), so k = 5000 needs no more memory than k = 50.
    /// </remarks>
    /// <param name="x">Binary examples, <c>[batch, D]</c>.</param>
    /// <param name="k">Number of importance samples per example (k = 1 is a one-sample ELBO estimate).</param>
    /// <param name="generator">Random source of the draws.</param>
    /// <returns><c>[batch]</c>, in nats.</returns>
    public Tensor ImportanceWeightedLogProb(Tensor x, int k, torch.Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        RequireShape(x);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var xs = x.to_type(DataType);
        var batch = xs.shape[0];
        var (mean, logVariance) = Encode(xs);
        var chunk = (int)Math.Clamp(ChunkElements / Math.Max(1, batch * Dimensions), 1, k);

        Tensor LogWeights(int count)
        {
            using var chunkScope = NewDisposeScope();
            var z = ImportanceWeighting.Reparameterise(mean, logVariance, count, generator);        // [count, batch, L]
            var flat = z.reshape(-1, Latent);                                                       // [count·batch, L]
            var logits = Decode(flat).reshape(count, batch, Dimensions);                            // [count, batch, D]
            // log p(x|z) = Σ_d x_d l_d − softplus(l_d) (LogDensities.BernoulliLogProb) with x broadcast over the
            // draws instead of copied count times.
            var logLikelihood = (logits * xs - nn.functional.softplus(logits)).sum(-1).reshape(-1); // [count·batch]
            var origin = zeros(1, dtype: flat.dtype, device: flat.device);
            var logPrior = LogDensities.GaussianLogProb(flat, origin, origin);                      // [count·batch]
            // Row c·batch + b of flat is draw c of example b, which is where repeat puts μ_b and log σ²_b.
            var logPosterior = LogDensities.GaussianLogProb(flat, mean.repeat(count, 1), logVariance.repeat(count, 1));
            return (logLikelihood + logPrior - logPosterior).reshape(count, batch).MoveToOuterDisposeScope();
        }

        return ImportanceWeighting.LogMeanExpInChunks(LogWeights, k, chunk).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws n images: z ~ N(0, I), then every pixel from its Bernoulli, <c>[n, D]</c> of 0/1, without gradients.
    /// With <paramref name="means"/> it returns the pixel probabilities σ(f_θ(z)) instead: the smooth (and blurry)
    /// averages that figures usually show.
    /// </summary>
    /// <param name="n">Number of images.</param>
    /// <param name="generator">Random source of z and of the pixels.</param>
    /// <param name="means">Return Bernoulli means instead of binary draws.</param>
    public Tensor Sample(int n, torch.Generator? generator = null, bool means = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var z = randn(n, Latent, dtype: DataType, device: Device, generator: generator);           // [n, L]
        var probabilities = sigmoid(Decode(z));                                                      // [n, D]
        return (means ? probabilities : bernoulli(probabilities, generator)).MoveToOuterDisposeScope();
    }

    private ScalarType DataType => parameters().First().dtype;

    private Device Device => parameters().First().device;

    private void RequireShape(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimensions)
        {
            throw new ArgumentException(
                $"Expected x of shape [batch, {Dimensions}], got [{string.Join(", ", x.shape)}]. Flatten images first.", nameof(x));
        }
    }
}
