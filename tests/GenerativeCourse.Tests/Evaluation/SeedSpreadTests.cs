using GenerativeCourse.Evaluation;

namespace GenerativeCourse.Tests.Evaluation;

public sealed class SeedSpreadTests
{
    [Fact]
    public void MeanAndSampleStandardDeviationOfTheRuns()
    {
        var spread = SeedSpread.Run([10, 11, 12, 13, 14], seed => seed - 10.0 + 12);   // 12, 13, 14, 15, 16
        // Mean 14; squared deviations 4 + 1 + 0 + 1 + 4 = 10 over n − 1 = 4: s = √2.5.
        Assert.Equal(14.0, spread.Mean, 1e-15);
        Assert.Equal(Math.Sqrt(2.5), spread.StandardDeviation, 1e-15);
        Assert.Equal(Math.Sqrt(2.5 / 5), spread.StandardError, 1e-15);
        Assert.Equal(5, spread.Count);
        Assert.Equal([10UL, 11, 12, 13, 14], spread.Seeds);
        Assert.Equal([12.0, 13, 14, 15, 16], spread.Values);
        Assert.Equal("14.0 ± 1.6 (5 seeds)", spread.ToString());   // s = 1.58: leading digit 1, so two digits
    }

    [Fact]
    public void PrintsBothNumbersToTheFirstSignificantDigitOfTheSpread()
    {
        Assert.Equal("12.3 ± 0.4 (2 seeds)", SeedSpread.Run([0, 1], s => s == 0 ? 12.0 : 12.6).ToString());          // s = 0.424
        Assert.Equal("88.41 ± 0.14 (2 seeds)", SeedSpread.Run([0, 1], s => s == 0 ? 88.31 : 88.51).ToString());       // s = 0.141
        Assert.Equal("1200 ± 300 (2 seeds)", SeedSpread.Run([0, 1], s => s == 0 ? 1017.0 : 1417.0).ToString());       // 1217 ± 283
        Assert.Equal("5.0000 ± 0.0000 (3 seeds)", SeedSpread.Run([0, 1, 2], _ => 5.0).ToString());
    }

    [Fact]
    public void NeedsTwoDistinctSeedsAndFiniteValues()
    {
        var one = Assert.Throws<ArgumentException>(() => SeedSpread.Run([7], _ => 1.0));
        Assert.Equal("seeds", one.ParamName);
        Assert.Contains("at least two seeds, got 1", one.Message, StringComparison.Ordinal);
        Assert.Contains("got 0", Assert.Throws<ArgumentException>(() => SeedSpread.Run([], _ => 1.0)).Message, StringComparison.Ordinal);
        Assert.Contains("Seed 3 appears 2 times", Assert.Throws<ArgumentException>(() => SeedSpread.Run([3, 4, 3], _ => 1.0)).Message, StringComparison.Ordinal);
        var nan = Assert.Throws<InvalidOperationException>(() => SeedSpread.Run([1, 2, 3], s => s == 2 ? double.NaN : 1.0));
        Assert.Contains("seed 2 returned NaN", nan.Message, StringComparison.Ordinal);
    }
}
