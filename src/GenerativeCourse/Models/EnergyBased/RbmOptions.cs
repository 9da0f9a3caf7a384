namespace GenerativeCourse.Models.EnergyBased;

/// <summary>Options of <see cref="Rbm"/>.</summary>
/// <param name="Visible">V, the number of binary visible units (784 for a 28×28 digit).</param>
/// <param name="Hidden">H, the number of binary hidden units (500 in Salakhutdinov &amp; Murray's 2008 MNIST models).</param>
/// <param name="InitialScale">Standard deviation of the initial weights: N(0, 0.01²) as Hinton's practical guide
/// (2010, §8) recommends, so the first hidden probabilities are all near ½ and no unit starts saturated.</param>
public sealed record RbmOptions(int Visible = 784, int Hidden = 500, double InitialScale = 0.01);
