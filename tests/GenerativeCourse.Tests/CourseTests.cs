using TorchSharp;

namespace GenerativeCourse.Tests;

[Collection("Torch")]
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
        Assert.Equal(Environment.ProcessorCount, torch.get_num_threads());
        Assert.Equal("cpu", environment.Device);
        Assert.Contains("seed 1234", environment.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroThreadsIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Course.Setup(threads: 0));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }
}
