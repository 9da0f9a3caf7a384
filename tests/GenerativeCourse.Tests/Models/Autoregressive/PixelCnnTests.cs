using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Probability;
using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Autoregressive;

public sealed class PixelCnnTests
{
    public PixelCnnTests() => TorchSharpNative.EnsureLoaded();

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void ProbabilitiesOfAllBinaryImagesSumToOne(PixelCnnVariant variant)
    {
        using var model = WithBiggerWeights(new PixelCnnOptions(3, 3, variant, Channels: 8, Layers: 3), seed: 1);

        // float64 over 2^9 = 512 images: rounding stays near 1e-14. A logit that saw its own pixel or a later one
        // would miss normalisation by far more than 1e-10.
        Assert.Equal(1.0, DensityModelChecks.TotalProbability(model, float64), 1e-10);
    }

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void ConditionalProbabilitiesSumToOneForEveryClass(PixelCnnVariant variant)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = WithBiggerWeights(new PixelCnnOptions(3, 3, variant, Channels: 8, Layers: 2, Classes: 3), seed: 2);
        var all = BinaryVectors.Enumerate(9, float64);                                   // [512, 9]
        var totals = Enumerable.Range(0, 3)
            .Select(y => model.LogProb(all, full(512, y, dtype: int64)).exp().sum().item<double>()).ToArray();
        var unlike = (model.LogProb(all, zeros(512, dtype: int64)) - model.LogProb(all, ones(512, dtype: int64))).abs().max().item<double>();

        // Each class gives its own normalised distribution (float64, 512 terms: 1e-10 as above) …
        Assert.All(totals, total => Assert.Equal(1.0, total, 1e-10));
        // … and they differ, so the label is used (random class embeddings of scale 1 change logits by O(1)).
        Assert.True(unlike > 1e-3);
    }

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void OutputDependsOnlyOnEarlierPixels(PixelCnnVariant variant)
    {
        using var scope = NewDisposeScope();
        const int Size = 8;
        using var model = WithBiggerWeights(new PixelCnnOptions(Size, Size, variant, Channels: 8, Layers: 4), seed: 3);
        foreach (var pixel in new[] { 0, 9, 27, 36, 63 })
        {
            var dependence = Dependence(model, pixel);                                  // [D], |∂ logit / ∂ x|

            // Masking makes the forbidden gradients structurally zero: exactly 0, not merely small.
            Assert.Equal(0.0, dependence[pixel..].abs().max().item<double>());
            if (pixel > 0)
            {
                Assert.True(dependence[pixel - 1].item<double>() > 0);                  // the left neighbour is always seen
            }
        }
    }

    [Fact]
    public void PlainPixelCnnHasABlindSpotAndTheGatedOneHasNone()
    {
        using var scope = NewDisposeScope();
        const int Size = 12, Row = 8, Column = 5, Layers = 3;
        var options = new PixelCnnOptions(Size, Size, PixelCnnVariant.Plain, Channels: 8, Layers: Layers);
        var reach = options.ReceptiveFieldRows;                                          // 3 + 2·1 = 5
        using var plain = WithBiggerWeights(options, seed: 4);
        using var gated = WithBiggerWeights(options with { Variant = PixelCnnVariant.Gated }, seed: 4);
        var plainSeen = Seen(Dependence(plain, (Row * Size) + Column), Size);
        var gatedSeen = Seen(Dependence(gated, (Row * Size) + Column), Size);

        // The gated PixelCNN sees exactly the full causal window: the R rows above within R columns either side,
        // and the R pixels to the left. Random tanh/σ gates never make a gradient vanish exactly.
        var window = new bool[Size, Size];
        for (var r = Row - reach; r <= Row; r++)
        {
            for (var c = Column - reach; c <= Math.Min(Size - 1, Column + reach); c++)
            {
                window[r, c] = r < Row || c < Column;
            }
        }

        Assert.Equal(window, gatedSeen);

        // The plain PixelCNN sees what its masks can reach: the 7×7 mask-A cone, grown by the five taps of each 3×3
        // mask-B layer. Going right costs a row up, so it reaches column j + 3 + k only k + 1 rows up or more.
        var reachable = new bool[Size, Size];
        for (var r = Row - reach; r <= Row; r++)
        {
            for (var c = 0; c < Size; c++)
            {
                int up = Row - r, right = c - Column;
                var rightmost = up == 0 ? -1 : 3 + Math.Min(up - 1, Layers - 1);
                reachable[r, c] = window[r, c] && right <= rightmost;
            }
        }

        Assert.Equal(reachable, plainSeen);
        // The blind spot: (i − 1, j + 4) is inside the causal window and seen by the gated model, never by the plain one.
        Assert.True(window[Row - 1, Column + 4] && gatedSeen[Row - 1, Column + 4] && !plainSeen[Row - 1, Column + 4]);
    }

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void SamplingFrequenciesAgreeWithLogProb(PixelCnnVariant variant)
    {
        using var model = WithBiggerWeights(new PixelCnnOptions(2, 2, variant, Channels: 8, Layers: 2), seed: 5);
        var (statistic, smallestExpected) = DensityModelChecks.ChiSquare(model, 20_000, seed: 6);

        Assert.True(smallestExpected >= 5, $"smallest expected count {smallestExpected:F1}: the χ² approximation needs ≥ 5");
        Assert.True(statistic < DensityModelChecks.ChiSquareCritical15, $"χ² = {statistic:F1} with 15 degrees of freedom");
        DensityModelChecks.AssertSamplesAreBinaryAndReproducible(model, 50, seed: 7);
    }

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void BandedSamplingDrawsTheSameImagesAsFullImageSampling(PixelCnnVariant variant)
    {
        using var scope = NewDisposeScope();
        // 3×3 first kernel and 2 layers: R = 2, so on 7×7 images most passes run on a band of 3 rows.
        using var model = WithBiggerWeights(new PixelCnnOptions(7, 7, variant, Channels: 8, Layers: 2, FirstKernel: 3), seed: 8);
        var fast = model.Sample(30, new Generator(9));

        using var noGrad = no_grad();
        var naive = zeros(30, 49, dtype: float64);
        var generator = new Generator(9);
        for (var d = 0; d < 49; d++)
        {
            naive[.., d] = bernoulli(sigmoid(model.forward(naive)[.., d]), generator);      // the whole image every pass
        }

        // Same generator and the same probabilities up to float64 rounding (~1e-16): identical draws unless a
        // probability lands within 1e-16 of a uniform draw, which 1,470 draws make vanishingly unlikely.
        Assert.True(fast.equal(naive).all().item<bool>());
    }

    [Theory]
    [InlineData(PixelCnnVariant.Plain)]
    [InlineData(PixelCnnVariant.Gated)]
    public void InpaintingKeepsObservedPixelsExactly(PixelCnnVariant variant)
    {
        using var scope = NewDisposeScope();
        using var model = WithBiggerWeights(new PixelCnnOptions(5, 5, variant, Channels: 8, Layers: 2, Classes: 2), seed: 10);
        var x = bernoulli(full(20, 25, 0.5, dtype: float64), new Generator(11));
        x[0, 3] = double.NaN;                                                             // unobserved: must be ignored
        var observed = rand(20, 25, generator: new Generator(12)) < 0.4;
        observed[0, 3] = false;
        var labels = randint(0, 2, 20, dtype: int64, generator: new Generator(13));

        var filled = model.Inpaint(x, observed, new Generator(14), labels);

        Assert.True(filled.masked_select(observed).equal(x.masked_select(observed)).all().item<bool>());   // bit for bit
        Assert.True((filled == 0).logical_or(filled == 1).all().item<bool>());
    }

    [Fact]
    public void InpaintingTheBottomRowDrawsFromTheExactConditional()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = WithBiggerWeights(new PixelCnnOptions(2, 2, PixelCnnVariant.Gated, Channels: 8, Layers: 2), seed: 15);
        const int Count = 20_000;
        var top = tensor(new double[] { 1, 0, 0, 0 }).expand(Count, 4);
        var filled = model.Inpaint(top, tensor(new[] { true, true, false, false }), new Generator(16));
        var observed = bincount(((filled[.., 2] * 2) + filled[.., 3]).to_type(int64), minlength: 4).to_type(float64);
        var candidates = tensor(new double[] { 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1 }).reshape(4, 4);
        var joint = model.LogProb(candidates).exp();                                       // p(top, bottom) for the 4 bottoms
        var expected = joint / joint.sum() * Count;                                        // p(bottom | top) · Count
        var statistic = ((observed - expected).square() / expected).sum().item<double>();

        // χ²₀.₉₉₉ with 3 degrees of freedom is 16.27: a correct sampler exceeds it once in 1,000 seeds.
        Assert.True(expected.min().item<double>() >= 5);
        Assert.True(statistic < 16.27, $"χ² = {statistic:F1} with 3 degrees of freedom");
    }

    [Fact]
    public void ASingleImageGetsTheSameLogitsAsInsideABatch()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = WithBiggerWeights(new PixelCnnOptions(6, 6, PixelCnnVariant.Gated, Channels: 8, Layers: 2, Classes: 2), seed: 19);
        var x = bernoulli(full(3, 36, 0.5, dtype: float64), new Generator(20));
        var labels = tensor(new long[] { 1, 0, 1 });

        var batched = model.Logits(x, labels);
        var single = model.Logits(x.narrow(0, 0, 1), labels.narrow(0, 0, 1));

        // A batch of one takes its own path (it is doubled to avoid NNPACK); the same float64 convolutions give the
        // same logits up to rounding of a different summation order, ~1e-15.
        Assert.True((batched.narrow(0, 0, 1) - single).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void MaskedWeightsReceiveNoGradient()
    {
        using var scope = NewDisposeScope();
        using var layer = new MaskedConv2d(2, 3, PixelCnnMasks.Raster(5, MaskType.A), new Generator(17));
        layer.forward(randn(4, 2, 6, 6, generator: new Generator(18))).square().sum().backward();
        var gradient = layer.Weight.grad!;                                                  // [3, 2, 5, 5]

        Assert.Equal(0.0f, (gradient * (1 - layer.Mask)).abs().max().item<float>());
        Assert.Equal(12.0f, layer.Mask.sum().item<float>());                               // 2 rows of 5, then 2 to the left
    }

    /// <summary>|∂ logit_pixel / ∂ x| summed over 8 random images, <c>[D]</c> in float64.</summary>
    private static Tensor Dependence(PixelCnn model, int pixel)
    {
        // Several images, because one ReLU pattern could switch off a path that exists: a pixel counts as seen when
        // the gradient is non-zero for any of them.
        var x = bernoulli(full(8, model.Dimensions, 0.5, dtype: float64), new Generator(100)).requires_grad_();
        var logits = model.forward(x);
        var gradient = autograd.grad([logits[.., pixel].sum()], [x])[0];
        return gradient.abs().sum(dim: 0);
    }

    private static bool[,] Seen(Tensor dependence, int size)
    {
        var values = dependence.data<double>().ToArray();
        var seen = new bool[size, size];
        for (var d = 0; d < values.Length; d++)
        {
            seen[d / size, d % size] = values[d] > 0;
        }

        return seen;
    }

    /// <summary>A float64 model whose parameters are scaled up (and class embeddings drawn), so its conditionals are far from fair coins.</summary>
    private static PixelCnn WithBiggerWeights(PixelCnnOptions options, ulong seed)
    {
        var model = new PixelCnn(options, new Generator(seed));
        var generator = new Generator(seed + 1000);
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name.Contains("class", StringComparison.Ordinal) || name == "pixel_bias")
                {
                    parameter.copy_(randn(parameter.shape, generator: generator));
                }
                else
                {
                    parameter.mul_(2);
                }
            }
        }

        return model.to(float64);
    }
}
