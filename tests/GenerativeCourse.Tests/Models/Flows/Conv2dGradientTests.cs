using GenerativeCourse.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

/// <summary>
/// TorchSharp's CPU convolution (<c>nn.functional.conv2d</c>, oneDNN) against the same convolution written as unfold and
/// a matrix product in float64, in the setting a zero-initialised coupling network creates at its first step: a 3×3
/// convolution, ReLU, a 1×1 convolution, ReLU, and a last 3×3 convolution whose weights are exactly zero. Then the
/// gradients of the first two layers must be exactly zero, and the last layer's must agree with float64 to float32's
/// accuracy. Run single-threaded-managed (the library tests run one at a time), for 40 seeds.
/// </summary>
public sealed class Conv2dGradientTests
{
    public Conv2dGradientTests() => TorchSharpNative.EnsureLoaded();

    [Fact]
    public void Conv2dWeightGradientsBehindAZeroLayerAreZeroAndTheLastLayersAgreeWithFloat64()
    {
        var failures = new List<string>();
        for (var seed = 0; seed < 40; seed++)
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)(1000 + seed));
            var x = randn([8, 3, 14, 14], generator: generator);
            var w1 = (randn([32, 3, 3, 3], generator: generator) * 0.2).requires_grad_();
            var w2 = (randn([32, 32, 1, 1], generator: generator) * 0.2).requires_grad_();
            var w3 = zeros([4, 32, 3, 3]).requires_grad_();
            var r = randn([8, 4, 14, 14], generator: generator);

            var h2 = nn.functional.relu(nn.functional.conv2d(nn.functional.relu(nn.functional.conv2d(x, w1, padding: [1, 1])), w2));
            (nn.functional.conv2d(h2, w3, padding: [1, 1]) * r).sum().backward();

            // The same last-layer gradient in float64, by unfold: dL/dW3[o, c·9] = Σ_b,p r[b, o, p] · columns[b, c·9, p].
            var columns = nn.functional.unfold(h2.detach().to(float64), 3, padding: 1);                   // [8, 32·9, 196]
            var expected = einsum("bop,bkp->ok", r.to(float64).flatten(2), columns).view(4, 32, 3, 3);
            var gap = (w3.grad!.to(float64) - expected).abs().max().item<double>();
            var scale = expected.abs().max().item<double>();
            var leak = Math.Max(w1.grad!.abs().max().item<float>(), w2.grad!.abs().max().item<float>());
            // float32 sums of 8·196 = 1,568 products of magnitude ~scale: relative error well below 1e-4.
            if (leak != 0 || double.IsNaN(gap) || gap > 1e-4 * scale)
            {
                failures.Add($"seed {seed}: first layers' |grad| {leak}, last layer's gap {gap:E2} against {scale:E2}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Conv2dGradientsOfEveryLayerAgreeWithAnUnfoldNetworkInFloat64()
    {
        var failures = new List<string>();
        for (var seed = 0; seed < 20; seed++)
        {
            using var scope = NewDisposeScope();
            var generator = new Generator((ulong)(2000 + seed));
            var x = randn([8, 3, 14, 14], generator: generator);
            var r = randn([8, 4, 14, 14], generator: generator);
            Tensor[] weights = [randn([32, 3, 3, 3], generator: generator) * 0.2, randn([32, 32, 1, 1], generator: generator) * 0.2,
                                randn([4, 32, 3, 3], generator: generator) * 0.1];
            var fast = weights.Select(w => w.clone().requires_grad_()).ToArray();
            var exact = weights.Select(w => w.to(float64).requires_grad_()).ToArray();

            (Network(x, fast, Conv2d) * r).sum().backward();
            (Network(x.to(float64), exact, UnfoldConvolution) * r.to(float64)).sum().backward();

            for (var layer = 0; layer < 3; layer++)
            {
                var gap = (fast[layer].grad!.to(float64) - exact[layer].grad!).abs().max().item<double>();
                var scale = exact[layer].grad!.abs().max().item<double>();
                // float32 against float64 through three layers of sums over 1,568 products: relative 1e-4 is 100× the usual gap.
                if (double.IsNaN(gap) || gap > 1e-4 * scale)
                {
                    failures.Add($"seed {seed}, layer {layer + 1}: gap {gap:E2} against {scale:E2}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Conv2dModuleGradientsAgreeWithCentralFiniteDifferencesInFloat64SingleThreaded()
    {
        // The layers of DigitClassifier in float64 on one thread: nn.Conv2d (3×3, "same" padding), ReLU, 2×2 max-pooling,
        // twice, then a dense layer; L = Σ r ⊙ output. Every weight and bias of both convolutions is perturbed by ±h.
        // Central differences have error O(h²·L‴) + O(ε·|L|/h) ≈ 1e-9 with h = 1e-6 in float64; measured worst gap
        // 1.8e-9 over five seeds, against gradients of order 1 to 10, so 1e-7 has margin. A wrong gradient is off by O(1).
        var threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            var failures = new List<string>();
            for (var seed = 0; seed < 3; seed++)
            {
                using var scope = NewDisposeScope();
                var generator = new Generator((ulong)(500 + seed));
                var x = rand([3, 1, 12, 12], dtype: float64, generator: generator);
                var conv1 = nn.Conv2d(1, 4, 3, padding: 1, dtype: float64);
                var conv2 = nn.Conv2d(4, 6, 3, padding: 1, dtype: float64);
                using (no_grad())
                {
                    foreach (var p in new[] { conv1.weight!, conv1.bias!, conv2.weight!, conv2.bias! })
                    {
                        p.copy_(randn(p.shape, dtype: float64, generator: generator) * 0.5);
                    }
                }

                var dense = randn([3, 6 * 3 * 3], dtype: float64, generator: generator) * 0.3;
                var r = randn([3, 3], dtype: float64, generator: generator);
                Tensor Loss()
                {
                    var h1 = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(x)), 2);       // [3, 4, 6, 6]
                    var h2 = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(h1)), 2);      // [3, 6, 3, 3]
                    return (nn.functional.linear(h2.flatten(1), dense) * r).sum();
                }

                Loss().backward();
                foreach (var (name, parameter) in new[] { ("conv1.weight", conv1.weight!), ("conv1.bias", conv1.bias!), ("conv2.weight", conv2.weight!), ("conv2.bias", conv2.bias!) })
                {
                    var gap = MaxFiniteDifferenceGap(parameter, Loss, 1e-6);
                    if (double.IsNaN(gap) || gap > 1e-7)
                    {
                        failures.Add($"seed {seed}, {name}: autograd and finite differences differ by {gap:E2}");
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    /// <summary>max over the entries of |autograd's ∂L/∂p − (L(p + h) − L(p − h)) / 2h|.</summary>
    private static double MaxFiniteDifferenceGap(Tensor parameter, Func<Tensor> loss, double h)
    {
        using var noGrad = no_grad();
        var analytic = parameter.grad!.flatten().data<double>().ToArray();
        var flat = parameter.view(-1);
        var worst = 0.0;
        for (var i = 0; i < analytic.Length; i++)
        {
            var original = flat[i].item<double>();
            flat[i] = original + h;
            var up = loss().item<double>();
            flat[i] = original - h;
            var down = loss().item<double>();
            flat[i] = original;
            worst = Math.Max(worst, Math.Abs(((up - down) / (2 * h)) - analytic[i]));
        }

        return worst;
    }

    private delegate Tensor Convolution(Tensor input, Tensor weight, long[] padding);

    // 3×3 conv, ReLU, 1×1 conv, ReLU, 3×3 conv, "same" zero padding: the coupling network of ConvAffineCoupling.
    private static Tensor Network(Tensor x, Tensor[] w, Convolution convolution)
    {
        var h1 = nn.functional.relu(convolution(x, w[0], [1, 1]));
        var h2 = nn.functional.relu(convolution(h1, w[1], [0, 0]));
        return convolution(h2, w[2], [1, 1]);
    }

    private static Tensor Conv2d(Tensor input, Tensor weight, long[] padding) => nn.functional.conv2d(input, weight, padding: padding);

    // The same convolution as unfold and a matrix product: y[b, o, p] = Σ_k W[o, k] · columns[b, k, p].
    private static Tensor UnfoldConvolution(Tensor input, Tensor weight, long[] padding)
    {
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var kernel = weight.shape[2];
        var columns = nn.functional.unfold(input, kernel, padding: padding[0]);                         // [batch, C_in·k², H·W]
        return matmul(weight.flatten(1), columns).view(batch, weight.shape[0], height, width);         // [batch, C_out, H, W]
    }
}
