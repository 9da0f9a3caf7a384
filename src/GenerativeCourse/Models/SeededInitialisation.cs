using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models;

/// <summary>
/// Seeded initialisation of a network's weights, shared by the models whose constructors take an optional
/// <see cref="torch.Generator"/>: the same seed gives the same network on every machine.
/// </summary>
public static class SeededInitialisation
{
    /// <summary>
    /// Redraws every parameter from U(−b, b) with b = 1/√fan_in, fan_in being the product of a weight's
    /// dimensions after the first (inputs × kernel for both convolution kinds, as PyTorch computes it); a bias
    /// uses the fan_in of the weight registered before it. TorchSharp's own initialisers take no generator.
    /// </summary>
    public static void FanInUniform(nn.Module module, torch.Generator? generator)
    {
        using var noGrad = no_grad();
        long fanIn = 1;
        foreach (var (name, parameter) in module.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (!name.EndsWith("bias", StringComparison.Ordinal))
            {
                fanIn = parameter.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            }

            var bound = 1.0 / Math.Sqrt(fanIn);
            parameter.copy_((rand(parameter.shape, dtype: parameter.dtype, generator: generator) * 2 - 1) * bound);
        }
    }
}
