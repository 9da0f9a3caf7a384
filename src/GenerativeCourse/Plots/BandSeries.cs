namespace GenerativeCourse.Plots;

/// <summary>
/// One named curve with a shaded band around it (<see cref="Charts.Bands"/>): a mean over repeats at each x, and the
/// interval the band covers, typically mean ± one standard deviation, or a confidence interval.
/// </summary>
/// <param name="Name">Legend entry of the curve and its band.</param>
/// <param name="X">Where each value was measured, for example the number of images n.</param>
/// <param name="Values">The curve, one value per x.</param>
/// <param name="Lower">Lower edge of the band, one per x, at most the value.</param>
/// <param name="Upper">Upper edge of the band, one per x, at least the value.</param>
public sealed record BandSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Values, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
