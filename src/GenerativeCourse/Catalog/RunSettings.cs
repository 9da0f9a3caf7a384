namespace GenerativeCourse.Catalog;

/// <summary>How a catalogue model is built and fed.</summary>
/// <param name="Seed">Seeds the initial weights and, with the epoch number, the data order and noise of every epoch
/// (<see cref="ModelRun.EpochSeed"/>), so that a run resumed from a checkpoint replays an uninterrupted one.</param>
/// <param name="ExamplesPerEpoch">Stop each epoch after this many training examples (a random subset, new each
/// epoch); null means the whole 8,000-image training split. The quick benchmark and the tests use it.</param>
public sealed record RunSettings(ulong Seed = 0, int? ExamplesPerEpoch = null);
