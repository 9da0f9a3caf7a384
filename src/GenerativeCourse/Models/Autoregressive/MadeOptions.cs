namespace GenerativeCourse.Models.Autoregressive;

/// <summary>Options of <see cref="Made"/>.</summary>
/// <param name="Dimensions">D, the number of binary variables (784 for a 28×28 image).</param>
/// <param name="HiddenSizes">Units per hidden layer; null means one layer of 500 (the paper's MNIST setting).</param>
/// <param name="RandomOrderings">Each mask also draws its own generation order (order-agnostic training);
/// otherwise every mask uses 0, 1, …, D−1 and only the hidden connectivity changes (connectivity-agnostic).</param>
/// <param name="Masks">K, the number of fixed masks cycled through in training and averaged in
/// <see cref="Made.EnsembleLogProb"/>; 1 is a single fixed MADE.</param>
/// <param name="MaskSeed">Seed from which mask k is rebuilt, so the K masks are the same in every run.</param>
/// <param name="DirectConnections">Adds a masked linear path straight from the inputs to the logits, an FVSBN inside
/// the MADE (see <see cref="Made.DirectWeights"/>); off in the paper's MADE.</param>
public sealed record MadeOptions(
    int Dimensions,
    IReadOnlyList<int>? HiddenSizes = null,
    bool RandomOrderings = false,
    int Masks = 1,
    ulong MaskSeed = 0,
    bool DirectConnections = false);
