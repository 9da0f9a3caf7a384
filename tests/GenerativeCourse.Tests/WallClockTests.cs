namespace GenerativeCourse.Tests;

/// <summary><see cref="WallClock"/>: runs the action once and returns at least the time it took.</summary>
public sealed class WallClockTests
{
    [Fact]
    public void SecondsRunsTheActionOnceAndCoversItsDuration()
    {
        var calls = 0;
        var seconds = WallClock.Seconds(() =>
        {
            calls++;
            Thread.Sleep(30);
        });

        Assert.Equal(1, calls);
        Assert.True(seconds >= 0.029, $"{seconds} s for a 30 ms sleep");
        Assert.Throws<ArgumentNullException>(() => WallClock.Seconds(null!));
    }
}
