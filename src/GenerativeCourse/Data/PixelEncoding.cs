namespace GenerativeCourse.Data;

/// <summary>How the pixel bytes <c>k ∈ {0, …, 255}</c> of a digit become float32 model inputs.</summary>
public enum PixelEncoding
{
    /// <summary>Grey level <c>k / 255</c> in [0, 1]; for VAEs with continuous likelihoods, GANs, classifiers.</summary>
    Grey,

    /// <summary>
    /// One fixed Bernoulli(<c>k / 255</c>) draw per pixel, identical on every machine
    /// (<see cref="StaticBinarization"/>). Use it for every reported NLL, so numbers are comparable.
    /// </summary>
    StaticBinary,

    /// <summary>
    /// Fresh Bernoulli(<c>k / 255</c>) draws every time a batch is made (<c>torch.bernoulli</c>), so each
    /// epoch sees new binary images: a regulariser for training binary models, never for evaluation.
    /// </summary>
    DynamicBinary,

    /// <summary>
    /// The byte value <c>k</c> itself as a float in {0, …, 255}, for flows that dequantize
    /// (<c>(k + u) / 256</c> with <c>u ~ U[0, 1)</c>) and report bits per dimension.
    /// </summary>
    Raw,
}
