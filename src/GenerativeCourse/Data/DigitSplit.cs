namespace GenerativeCourse.Data;

/// <summary>
/// The three parts of a fixed split: train on one, choose hyper-parameters and stop early on another, report on the
/// third. The full MNIST (<see cref="Mnist"/>) splits 50,000 / 10,000 / 10,000; the 10,000-digit subset
/// (<see cref="MnistDigits"/>) 8,000 / 1,000 / 1,000, drawn as <see cref="MnistDigits.SplitSeed"/> says.
/// </summary>
public enum DigitSplit
{
    Train,
    Validation,
    Test,
}
