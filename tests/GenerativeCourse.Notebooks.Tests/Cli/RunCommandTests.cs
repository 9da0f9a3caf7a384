namespace GenerativeCourse.Notebooks.Tests.Cli;

/// <summary>
/// <c>gencourse run</c>'s argument handling and exit codes for input that is refused before any notebook runs:
/// each case must exit 2 and say what is wrong with which file or argument.
/// </summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task MalformedNotebookExitsWithTwoNamingTheFileAndTheProblem()
    {
        using var temp = new Fixture.TempDirectory();
        var (exitCode, output) = await CommandLine.RunAsync("run", Fixture.PathOf("broken.ipynb"), "--out", temp.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {Fixture.PathOf("broken.ipynb")}(3,", output);
        Assert.Contains("invalid JSON", output);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task MissingPathExitsWithTwo()
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", "no-such-folder/x.ipynb");

        Assert.Equal(2, exitCode);
        Assert.Contains("error: no-such-folder/x.ipynb: does not exist: expected a notebook (.ipynb, .dib) or a folder of notebooks", output);
    }

    [Fact]
    public async Task APathAfterAParameterIsAPathNotASecondValue()
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", "-p", "epochs=1", "no-such.ipynb");

        Assert.Equal(2, exitCode);
        Assert.Contains("error: no-such.ipynb: does not exist", output);
    }

    [Fact]
    public async Task ParameterWithoutEqualsExitsWithTwo()
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", Fixture.PathOf("polyglot-clean.ipynb"), "-p", "epochs");

        Assert.Equal(2, exitCode);
        Assert.Contains("error: parameter \"epochs\" has no '='; expected name=value", output);
    }

    [Theory]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "soon")]
    [InlineData("--notebook-timeout", "-5")]
    public async Task TimeoutThatIsNotAPositiveNumberIsBadUsage(string option, string value)
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", Fixture.PathOf("polyglot-clean.ipynb"), option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{option} expects a positive number of seconds, not \"{value}\"", output);
    }

    [Fact]
    public async Task UnknownProfileNameIsBadUsage()
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", "--profile", "none");

        Assert.Equal(2, exitCode);
        Assert.Contains("none", output);
        Assert.Contains("quick", output);
    }

    [Fact]
    public async Task UnknownKernelIsBadUsageNamingTheKernelsThereAre()
    {
        var (exitCode, output) = await CommandLine.RunAsync("run", "--kernel", "jupyter");

        Assert.Equal(2, exitCode);
        Assert.Contains("jupyter", output);
        Assert.Contains("dotnet-interactive", output);
    }

    [Fact]
    public async Task UnknownOptionIsBadUsage()
    {
        var (exitCode, _) = await CommandLine.RunAsync("run", "--colour");

        Assert.Equal(2, exitCode);
    }
}
