using GenerativeCourse.Notebooks.Execution.Directives;
using GenerativeCourse.Notebooks.Execution.NuGet;

namespace GenerativeCourse.Notebooks.Tests.Execution.NuGet;

public class PackageSetTests
{
    private static readonly PackageRequest _markdig16 = new("Markdig", "1.6.0");

    [Fact]
    public void EachCellsRequestsJoinTheEarlierOnes()
    {
        var set = new PackageSet();

        var first = set.Add([_markdig16], []);
        var second = set.Add([new PackageRequest("TorchSharp-cpu", "0.107.0")], ["/feed"]);

        Assert.Equal([_markdig16], first.AddedPackages);
        Assert.Equal([new PackageRequest("TorchSharp-cpu", "0.107.0")], second.AddedPackages);
        Assert.Equal(["/feed"], second.AddedSources);
        Assert.Equal([_markdig16, new PackageRequest("TorchSharp-cpu", "0.107.0")], set.Packages);
        Assert.Equal(["/feed"], set.Sources);
    }

    [Fact]
    public void TheSameVersionOrNoVersionAgainChangesNothing()
    {
        var set = new PackageSet();
        set.Add([_markdig16], ["/feed"]);

        var again = set.Add([new PackageRequest("markdig", "1.6.0"), new PackageRequest("Markdig", null)], ["/feed"]);

        Assert.True(again.Succeeded);
        Assert.False(again.Changed);
        Assert.Equal([_markdig16], set.Packages);
    }

    [Fact]
    public void ASecondVersionIsAConflictNamingBothAndNothingIsAdded()
    {
        var set = new PackageSet();
        set.Add([_markdig16], []);

        var update = set.Add([new PackageRequest("Spectre.Console", "0.57.2"), new PackageRequest("Markdig", "1.5.0")], []);

        Assert.False(update.Succeeded);
        Assert.Equal(
            "package \"Markdig\" was already requested with version 1.6.0; it cannot be loaded again with version 1.5.0 in the same notebook. " +
            "Ask for one version everywhere (or leave the version out after the first request).",
            Assert.Single(update.Conflicts));
        Assert.Empty(update.AddedPackages);
        Assert.Equal([_markdig16], set.Packages);
    }

    [Fact]
    public void AVersionAfterARequestWithoutOneIsAConflict()
    {
        var set = new PackageSet();
        set.Add([new PackageRequest("Markdig", null)], []);

        var update = set.Add([_markdig16], []);

        Assert.Equal(
            "package \"Markdig\" was already requested with no version (the newest stable one); it cannot be loaded again with version 1.6.0 in the same notebook. " +
            "Ask for one version everywhere (or leave the version out after the first request).",
            update.ToString());
    }

    [Fact]
    public void TwoVersionsInOneCellConflictToo()
    {
        var update = new PackageSet().Add([_markdig16, new PackageRequest("Markdig", "1.5.0")], []);

        Assert.Single(update.Conflicts);
    }
}
