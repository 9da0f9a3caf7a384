using GenerativeCourse.Models.Flows;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Tests.Models.Flows;

/// <summary>Checks shared by the tests of every flow layer and flow model.</summary>
internal static class FlowChecks
{
    /// <summary>
    /// Redraws every parameter of <paramref name="module"/> as N(0, σ²) from <paramref name="seed"/>, so that a
    /// check does not pass only because a fresh layer is the identity (couplings start with a zero output layer).
    /// </summary>
    public static void Randomise(nn.Module module, ulong seed, double std = 0.5)
    {
        using var noGrad = no_grad();
        var generator = new Generator(seed);
        foreach (var parameter in module.parameters())
        {
            using var draw = randn(parameter.shape, parameter.dtype, generator: generator);
            parameter.copy_(draw * std);
        }
    }

    /// <summary>
    /// log |det ∂f/∂x| of each row of <paramref name="x"/> from the full D × D Jacobian built by D backward passes
    /// and <c>linalg.slogdet</c>, <c>[batch]</c> float64: an independent computation of what the layer reports.
    /// </summary>
    public static double[] AutogradLogAbsDet(FlowLayer layer, Tensor x)
    {
        var result = new double[x.shape[0]];
        for (var b = 0; b < x.shape[0]; b++)
        {
            using var scope = NewDisposeScope();
            var row = x[b..(b + 1)].detach().clone().requires_grad_();   // [1, D]
            var z = layer.forward(row).Z;                                 // [1, D]
            var dimensions = (int)z.shape[1];
            var rows = new Tensor[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                rows[i] = autograd.grad([z[0, i]], [row], retain_graph: true)[0][0]; // ∂z_i/∂x, [D]
            }

            var (_, logAbsDet) = linalg.slogdet(stack(rows));
            result[b] = logAbsDet.item<double>();
        }

        return result;
    }
}
