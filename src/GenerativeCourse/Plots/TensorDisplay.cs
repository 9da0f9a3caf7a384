using System.Globalization;
using System.Net;
using TorchSharp;

namespace GenerativeCourse.Plots;

/// <summary>
/// How a notebook shows a tensor: one line with shape, dtype and device, then its values when there
/// are few, or min, max, mean and standard deviation (and any NaN count) when there are many.
/// Used by <see cref="CourseFormatters"/> for <c>text/plain</c> and <c>text/html</c>.
/// </summary>
/// <remarks>
/// Only methods of the tensor itself are called, so nothing here loads TorchSharp's native
/// libraries: a tensor that exists means they are loaded. Temporary tensors (the statistics) are
/// made without autograd inside a dispose scope and freed before returning. A disposed tensor is
/// described as such instead of throwing.
/// </remarks>
public static class TensorDisplay
{
    /// <summary>Tensors with at most this many elements are shown value by value.</summary>
    public const int MaxValuesShown = 100;

    /// <summary>The first line: <c>tensor [2, 3] float32 cpu</c>, plus <c>requires_grad</c> when set.</summary>
    public static string Header(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid)
        {
            return "tensor (disposed)";
        }

        var shape = "[" + string.Join(", ", tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
        var dtype = tensor.dtype.ToString().ToLowerInvariant();
        var grad = tensor.requires_grad ? " requires_grad" : "";
        return $"tensor {shape} {dtype} {tensor.device}{grad}";
    }

    /// <summary>The second part: the values (few elements) or a statistical summary (many).</summary>
    public static string Body(torch.Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid)
        {
            return "";
        }

        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var count = tensor.numel();
            if (count <= MaxValuesShown)
            {
                return tensor.detach().cpu().ToString(TensorStringStyle.Numpy, "g5", 100, CultureInfo.InvariantCulture, "\n");
            }

            return Summary(tensor.detach(), count);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A display must never fail a cell; say why the values are missing instead.
            return $"(values not shown: {error.Message})";
        }
    }

    /// <summary>Header and body as plain text.</summary>
    public static string ToPlainText(torch.Tensor tensor)
    {
        var body = Body(tensor);
        return body.Length == 0 ? Header(tensor) : Header(tensor) + "\n" + body;
    }

    /// <summary>Header and body as an HTML fragment (the body in a <c>pre</c>, so columns line up).</summary>
    public static string ToHtml(torch.Tensor tensor)
    {
        var header = WebUtility.HtmlEncode(Header(tensor));
        var body = Body(tensor);
        var pre = body.Length == 0 ? "" : $"<pre style=\"margin: 0.25em 0 0 0;\">{WebUtility.HtmlEncode(body)}</pre>";
        return $"<div class=\"torch-tensor\"><code>{header}</code>{pre}</div>";
    }

    private static string Summary(torch.Tensor tensor, long count)
    {
        var values = string.Create(CultureInfo.InvariantCulture, $"{count} values");
        if (tensor.is_complex() || tensor.is_sparse)
        {
            return values;
        }

        // float64 so that sums of many float32 or integer values do not lose precision or overflow.
        var x = tensor.to_type(torch.ScalarType.Float64);
        var nan = x.isnan().sum().item<long>();
        var finite = nan == 0 ? x : x[x.isnan().logical_not()];
        var text = values;
        if (finite.numel() > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $": min {finite.min().item<double>():g5}, max {finite.max().item<double>():g5}, " +
                $"mean {finite.mean().item<double>():g5}, std {finite.std().item<double>():g5}");
        }

        return nan == 0 ? text : text + string.Create(CultureInfo.InvariantCulture, $"; {nan} NaN (statistics ignore them)");
    }
}
