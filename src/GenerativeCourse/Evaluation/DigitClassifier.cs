using GenerativeCourse.Models;
using GenerativeCourse.Data;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GenerativeCourse.Evaluation;

/// <summary>
/// A small digit classifier that stands in for the Inception network of image-generation metrics: FID (Heusel et
/// al. 2017) compares Gaussian fits of its penultimate-layer features for real and generated digits
/// (<see cref="FrechetScore"/>), the Inception score (Salimans et al. 2016) uses its class probabilities
/// (<see cref="InceptionScore"/>), and conditional samples are checked by the label it predicts.
/// </summary>
/// <remarks>
/// <para>An MLP 784 → 256 → <see cref="FeatureSize"/> → 10 with ReLU units, trained by <see cref="Train"/> with
/// cross-entropy. Inputs are grey levels in [0, 1], <c>[batch, 784]</c> (or <c>[batch, 1, 28, 28]</c>).</para>
/// <para>Scores from this network are "FID-style": comparable between runs of the course, not with published FIDs
/// computed in Inception-v3's 2048-dimensional space.</para>
/// </remarks>
public sealed class DigitClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>Size of the feature vector the Fréchet score is computed on.</summary>
    public const int FeatureSize = 128;

    [ComponentName(Name = "features")]
    private readonly Sequential _features;

    [ComponentName(Name = "head")]
    private readonly Linear _head;

    /// <param name="generator">Random source of the initial weights (U(±1/√fan_in)); the process-wide one when null.</param>
    public DigitClassifier(torch.Generator? generator = null)
        : base(nameof(DigitClassifier))
    {
        _features = nn.Sequential(
            ("hidden", nn.Linear(MnistDigits.PixelsPerImage, 256)),
            ("relu0", nn.ReLU()),
            ("feature", nn.Linear(256, FeatureSize)),
            ("relu1", nn.ReLU()));
        _head = nn.Linear(FeatureSize, 10);
        register_module("features", _features);
        register_module("head", _head);
        SeededInitialisation.FanInUniform(this, generator);
    }

    /// <summary>Class logits <c>[batch, 10]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _head.forward(Features(x)).MoveToOuterDisposeScope();
    }

    /// <summary>Penultimate-layer activations <c>[batch, 128]</c>, the space of <see cref="FrechetScore"/>.</summary>
    public Tensor Features(Tensor x) => _features.forward(x.to_type(ScalarType.Float32).reshape(-1, MnistDigits.PixelsPerImage));

    /// <summary>p(y|x) <c>[batch, 10]</c>, without gradients.</summary>
    public Tensor Probabilities(Tensor x)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return softmax(forward(x), 1).MoveToOuterDisposeScope();
    }

    /// <summary>The most probable digit of each image, int64 <c>[batch]</c>.</summary>
    public Tensor Predict(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Probabilities(x).argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>Fraction of <paramref name="images"/> classified as their <paramref name="labels"/> (int64 <c>[batch]</c>).</summary>
    public double Accuracy(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return (Predict(images) == labels.to_type(ScalarType.Int64)).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// Fréchet distance between Gaussian fits of the features of <paramref name="real"/> and <paramref name="generated"/>
    /// images (squared feature units; 0 for identical sets). Needs at least two images in each; the estimate is biased
    /// upwards for small sets, so compare scores computed from equally many images.
    /// </summary>
    public double FrechetScore(Tensor real, Tensor generated)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return FrechetDistance.Compute(Features(real), Features(generated));
    }

    /// <summary>
    /// The Inception-style score exp(E_x[KL(p(y|x) ‖ p(y))]) with p(y) the mean of p(y|x) over the images: 1 when every
    /// image gets the same prediction, 10 when each is classified with certainty and the classes are used equally.
    /// Blind to whether the images look like the training data within a class — one reason FID replaced it.
    /// </summary>
    public double InceptionScore(Tensor images)
    {
        using var scope = NewDisposeScope();
        var p = Probabilities(images).to_type(ScalarType.Float64);                               // [batch, 10]
        var marginal = p.mean([0L], keepdim: true);                                             // [1, 10]
        var kl = (p * (p.clamp_min(1e-30).log() - marginal.clamp_min(1e-30).log())).sum(1);    // [batch]
        return Math.Exp(kl.mean().item<double>());
    }

    /// <summary>
    /// Trains a classifier on <paramref name="set"/> (grey levels) with Adam and cross-entropy, in shuffled mini-batches.
    /// </summary>
    /// <param name="set">Usually <see cref="MnistDigits.Train"/>.</param>
    /// <param name="epochs">Passes over the set.</param>
    /// <param name="seed">Seeds the weights and the shuffling.</param>
    /// <param name="batchSize">Images per step.</param>
    /// <param name="learningRate">Adam step size.</param>
    public static DigitClassifier Train(DigitSet set, int epochs = 10, ulong seed = 0, int batchSize = 128, double learningRate = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var random = new torch.Generator(seed);
        var model = new DigitClassifier(random);
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        using var images = set.Images();                                                          // [N, 784]
        using var labels = set.LabelTensor();                                                     // [N]
        model.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var order = randperm(set.Count, generator: random);
            for (var start = 0; start < set.Count; start += batchSize)
            {
                using var step = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batchSize, set.Count - start));
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(images.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        return model;
    }
}
