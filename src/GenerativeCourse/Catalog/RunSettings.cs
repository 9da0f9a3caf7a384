namespace GenerativeCourse.Catalog;

/// <summary>How a catalogue model is built and fed.</summary>
/// <param name="Profile">Whose budget (<see cref="Recipe.Budgets"/>) the run trains for; it names the checkpoint.</param>
/// <param name="Seed">Seeds the initial weights and, with the epoch number, the data order and noise of every epoch
/// (<see cref="ModelRun.EpochSeed"/>), so that a run resumed from a checkpoint replays an uninterrupted one.</param>
/// <param name="ExamplesPerEpoch">Overrides the budget's images per epoch (a random subset, new each epoch); null keeps
/// the budget's. The tests and chapter 06's small comparisons use it.</param>
public sealed record RunSettings(Profile Profile = Profile.Default, ulong Seed = 0, int? ExamplesPerEpoch = null);
