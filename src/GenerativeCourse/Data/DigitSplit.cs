namespace GenerativeCourse.Data;

/// <summary>
/// The fixed split of the 10,000 embedded digits: 8,000 to train on, 1,000 to choose hyper-parameters
/// and stop early, 1,000 to report. See <see cref="MnistDigits.SplitSeed"/> for how it is drawn.
/// </summary>
public enum DigitSplit
{
    Train,
    Validation,
    Test,
}
