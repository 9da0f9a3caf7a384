using TorchSharp;

namespace GenerativeCourse.Tests;

public sealed class CourseTests
{
    [Fact]
    public void SameSeedGivesTheSameTorchAndDotNetNumbers()
    {
        Course.Setup(seed: 7);
        var torchFirst = torch.rand(5).data<float>().ToArray();
        var dotnetFirst = Enumerable.Range(0, 5).Select(_ => Course.Random.Next()).ToArray();

        Course.Setup(seed: 7);
        var torchSecond = torch.rand(5).data<float>().ToArray();
        var dotnetSecond = Enumerable.Range(0, 5).Select(_ => Course.Random.Next()).ToArray();

        Assert.Equal(torchFirst, torchSecond);
        Assert.Equal(dotnetFirst, dotnetSecond);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNumbers()
    {
        Course.Setup(seed: 1);
        var a = torch.rand(5).data<float>().ToArray();
        Course.Setup(seed: 2);
        var b = torch.rand(5).data<float>().ToArray();

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SetupSetsTheThreadCountAndReportsIt()
    {
        var environment = Course.Setup(threads: 1);
        Assert.Equal(1, torch.get_num_threads());
        Assert.Equal(1, environment.Threads);

        environment = Course.Setup();
        var expected = Environment.GetEnvironmentVariable(Course.ThreadsVariable) is { Length: > 0 } set ? int.Parse(set) : Environment.ProcessorCount;
        Assert.Equal(expected, torch.get_num_threads());
        Assert.Equal("cpu", environment.Device);
        Assert.Contains("seed 1234", environment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroThreadsIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Course.Setup(threads: 0));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThreadsEnvironmentVariableSetsTheDefaultButAnArgumentWins()
    {
        var saved = Environment.GetEnvironmentVariable(Course.ThreadsVariable);
        try
        {
            Environment.SetEnvironmentVariable(Course.ThreadsVariable, "1");
            Assert.Equal(1, Course.Setup().Threads);
            Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(2, Course.Setup(threads: 2).Threads);

            Environment.SetEnvironmentVariable(Course.ThreadsVariable, "many");
            var error = Assert.Throws<ArgumentException>(() => Course.Setup());
            Assert.Contains("GENCOURSE_THREADS must be a positive integer", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Course.ThreadsVariable, saved);
            Course.Setup();
        }
    }
}
