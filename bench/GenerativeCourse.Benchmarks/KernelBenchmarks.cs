using BenchmarkDotNet.Attributes;
using GenerativeCourse.Models.Autoregressive;
using GenerativeCourse.Models.Flows;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Benchmarks;

/// <summary>
/// The hot kernels of the course's training steps, on a batch of 100 digits (784 pixels), each a forward and a
/// backward pass like a training step, next to a plain dense layer of the same shape as the yardstick: NADE's O(DH)
/// forward, MADE's masked linear layer, and a RealNVP coupling layer. Compare a kernel's time with
/// <c>DenseLinear</c>'s to see the cost of the model's structure on top of its matrix products.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Batch = 100;
    private const int D = 784;

    private Tensor _binary = null!;
    private Tensor _continuous = null!;
    private Nade _nade = null!;
    private MaskedLinear _masked = null!;
    private TorchSharp.Modules.Linear _dense = null!;
    private AffineCoupling _coupling = null!;

    /// <summary>Hidden units: NADE's H (the course uses 100, the paper 500) and the width of the masked and dense layers.</summary>
    [Params(100, 500)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Course.Setup(seed: 0);
        using var generator = new torch.Generator(0);
        _binary = bernoulli(full(Batch, D, 0.3f), generator);
        _continuous = randn([Batch, D], generator: generator);
        _nade = new Nade(new NadeOptions(D, Hidden), generator);
        _masked = new MaskedLinear(D, Hidden, generator: generator);
        _masked.SetMask(MadeMasks.Masks(MadeMasks.Draw(D, [Hidden], randomOrdering: false, seed: 0))[0]);
        _dense = nn.Linear(D, Hidden);
        _coupling = new AffineCoupling(CouplingMasks.Checkerboard(1, 28, 28, parity: 0), Hidden, 2, generator);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binary.Dispose();
        _continuous.Dispose();
        _nade.Dispose();
        _masked.Dispose();
        _dense.Dispose();
        _coupling.Dispose();
    }

    /// <summary>−mean log p(x) of NADE and its gradient: the whole NADE training step but the optimiser.</summary>
    [Benchmark]
    public void NadeForwardBackward()
    {
        using var scope = NewDisposeScope();
        _nade.zero_grad();
        (-_nade.LogProb(_binary).mean()).backward();
    }

    /// <summary>MADE's first layer, x (W ⊙ M)ᵀ + b, forward and backward.</summary>
    [Benchmark]
    public void MadeMaskedLinear()
    {
        using var scope = NewDisposeScope();
        _masked.zero_grad();
        _masked.forward(_binary).sum().backward();
    }

    /// <summary>The same product without a mask: the yardstick.</summary>
    [Benchmark(Baseline = true)]
    public void DenseLinear()
    {
        using var scope = NewDisposeScope();
        _dense.zero_grad();
        _dense.forward(_binary).sum().backward();
    }

    /// <summary>One checkerboard affine coupling of RealNVP (s, t from an MLP with two hidden layers), forward with log-det, and backward.</summary>
    [Benchmark]
    public void CouplingLayer()
    {
        using var scope = NewDisposeScope();
        _coupling.zero_grad();
        var (z, logDet) = _coupling.forward(_continuous);
        (z.square().sum() - logDet.sum()).backward();
    }
}
