using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Autoregressive;

/// <summary>
/// NADE computed the slow, literal way: each conditional p(x_i | x_&lt;i) rebuilds its own hidden layer
/// h_i = σ(c + W_{:,&lt;i} x_&lt;i) from scratch, O(HD) per conditional and O(HD²) per example. The reference that
/// the fast <see cref="Nade"/> (one running sum) is tested and timed against.
/// </summary>
internal static class NadeReference
{
    /// <summary>The D conditional logits, <c>[batch, D]</c> in the variables' own order, one conditional at a time.</summary>
    public static Tensor Logits(Nade model, Tensor x)
    {
        using var scope = NewDisposeScope();
        var w = model.InputWeights;
        var ordered = model.ToGenerationOrder(x.to_type(w.dtype));            // [batch, D]
        var columns = new List<Tensor>();
        for (var i = 0; i < model.Dimensions; i++)
        {
            columns.Add(ConditionalLogit(model, ordered, i));
        }

        return model.FromGenerationOrder(stack(columns, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Ancestral sampling that recomputes every hidden layer from scratch. It consumes the generator exactly as
    /// <see cref="Nade.Sample"/> does (one Bernoulli draw of n values per step), so equal seeds give equal images.
    /// </summary>
    public static Tensor Sample(Nade model, int n, Generator? generator = null)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = model.InputWeights;
        var ordered = zeros(n, model.Dimensions, dtype: w.dtype, device: w.device); // [n, D], generation order
        for (var i = 0; i < model.Dimensions; i++)
        {
            using var step = NewDisposeScope();
            ordered[.., i] = bernoulli(sigmoid(ConditionalLogit(model, ordered, i)), generator);
        }

        return model.FromGenerationOrder(ordered).MoveToOuterDisposeScope();
    }

    /// <summary>logit of p(x_i = 1 | x_&lt;i) = b_i + V_i · σ(c + W_{:,&lt;i} x_&lt;i), <c>[batch]</c>.</summary>
    private static Tensor ConditionalLogit(Nade model, Tensor ordered, int i)
    {
        using var scope = NewDisposeScope();
        var a = model.HiddenBias.expand(ordered.shape[0], model.Options.Hidden); // [batch, H]
        if (i > 0)
        {
            a = a + ordered[.., ..i].matmul(model.InputWeights[.., ..i].t());
        }

        return (sigmoid(a).matmul(model.OutputWeights[i]) + model.OutputBias[i]).MoveToOuterDisposeScope();
    }
}
