using GenerativeCourse.Probability;
using TorchSharp;
using static TorchSharp.torch;

namespace GenerativeCourse.Models.Flows;

/// <summary>
/// Scoring 8-bit data with a continuous density (Theis, van den Oord &amp; Bethge 2016, "A note on the evaluation of
/// generative models", ICLR; Dinh et al. 2017). Pixel bytes k ∈ {0, …, 255}^D become x = (k + u)/256 with
/// u ~ U[0, 1)^D (uniform dequantization); for any density p on [0, 1]^D, by Jensen's inequality,
/// <code>log P(k) = log ∫ p((k + u)/256) 256^{−D} du ≥ E_u[log p((k + u)/256)] − D log 256</code>
/// so the single-sample value returned by <see cref="LogProbOfBytes"/> is an unbiased estimate of a lower bound on the
/// log-probability of the discrete data, in nats per example, and −bound/(D ln 2) are bits per dimension.
/// </summary>
/// <remarks>
/// The model usually lives in logit space (<see cref="LogitTransform"/>): its log-density there plus the
/// transform's log |det| is the log-density on [0, 1]^D. Train with <see cref="Uniform"/> on fresh noise every
/// epoch, so the flow cannot put spikes of infinite density on the 256 grey levels.
/// </remarks>
public static class Dequantization
{
    /// <summary>Number of grey levels of 8-bit data.</summary>
    public const int Levels = 256;

    /// <summary>x = (k + u)/256, u ~ U[0, 1), in [0, 1); <c>[batch, D]</c> of the dtype of <paramref name="bytes"/> (float).</summary>
    /// <param name="bytes">Byte values k as floats in {0, …, 255}, e.g. <c>PixelEncoding.Raw</c>, <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of u; TorchSharp's process-wide one when null.</param>
    public static Tensor Uniform(Tensor bytes, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var scope = NewDisposeScope();
        var u = rand(bytes.shape, bytes.dtype, generator: generator).to(bytes.device);
        return ((bytes + u) / Levels).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// E_u[log p((k + u)/256)] − D log 256 estimated with one draw of u per example, in nats per example,
    /// <c>[batch]</c>: a lower bound on log P(k) (see the class summary). Differentiable: the training loss is its
    /// negative mean.
    /// </summary>
    /// <param name="logitSpaceModel">Density model of w = logit(α + (1 − 2α) x).</param>
    /// <param name="logit">The pre-processing; its dimension must equal the model's.</param>
    /// <param name="bytes">Byte values k as floats in {0, …, 255}, <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of the dequantization noise.</param>
    public static Tensor LogProbOfBytes(IDensityModel logitSpaceModel, LogitTransform logit, Tensor bytes, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(logitSpaceModel);
        ArgumentNullException.ThrowIfNull(logit);
        if (logit.Dimensions != logitSpaceModel.Dimensions)
        {
            throw new ArgumentException($"The transform has {logit.Dimensions} dimensions, the model {logitSpaceModel.Dimensions}.", nameof(logit));
        }

        using var scope = NewDisposeScope();
        var (w, logDet) = logit.forward(Uniform(bytes, generator));
        var logProb = logitSpaceModel.LogProb(w) + logDet - (logit.Dimensions * Math.Log(Levels));
        return logProb.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The variational bound E_q[log p((k + u)/256) − log q(u | k)] − D log 256 with one draw u ~ q per example, in
    /// nats per example, <c>[batch]</c> (Ho et al. 2019): differentiable in the flow and in q.
    /// </summary>
    /// <param name="logitSpaceModel">Density model of w = logit(α + (1 − 2α) x).</param>
    /// <param name="logit">The pre-processing.</param>
    /// <param name="dequantizer">q(u | k).</param>
    /// <param name="bytes">Byte values k as floats in {0, …, 255}, <c>[batch, D]</c>.</param>
    /// <param name="generator">Random source of the dequantization noise.</param>
    public static Tensor VariationalLogProbOfBytes(
        IDensityModel logitSpaceModel, LogitTransform logit, VariationalDequantizer dequantizer, Tensor bytes, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(logitSpaceModel);
        ArgumentNullException.ThrowIfNull(logit);
        ArgumentNullException.ThrowIfNull(dequantizer);
        using var scope = NewDisposeScope();
        var (x, logQ) = dequantizer.Dequantize(bytes, generator);
        var (w, logDet) = logit.forward(x);
        var logProb = logitSpaceModel.LogProb(w) + logDet - logQ - (logit.Dimensions * Math.Log(Levels));
        return logProb.MoveToOuterDisposeScope();
    }

    /// <summary>Bits per dimension of a log-probability in nats per example: −log p / (D ln 2), <c>[batch]</c>.</summary>
    public static Tensor BitsPerDimension(Tensor logProbNats, int dimensions) => Units.BitsPerDimension(-logProbNats, dimensions);
}
