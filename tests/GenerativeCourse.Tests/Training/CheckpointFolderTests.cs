using GenerativeCourse.Tests.Data;
using GenerativeCourse.Training;

namespace GenerativeCourse.Tests.Training;

public sealed class CheckpointFolderTests
{
    [Fact]
    public void TheDefaultIsTheRepositorysArtifactsCheckpointsFolder()
    {
        // The tests run from artifacts/bin/GenerativeCourse.Tests/…, next to the library every chapter loads.
        Assert.Equal(Path.Combine(RepositoryFiles.Root, "artifacts", "checkpoints"), CheckpointFolder.Default);
    }

    [Fact]
    public void TheFirstStartingFolderUnderARepositoryWinsAndWithoutOneTheCurrentDirectoryIsUsed()
    {
        using var temp = new TempFolder();
        var nested = Directory.CreateDirectory(Path.Combine(temp.Path, "repo", "notebooks", "deeper")).FullName;
        File.WriteAllText(Path.Combine(temp.Path, "repo", CheckpointFolder.RootMarker), "");
        var outside = Directory.CreateDirectory(Path.Combine(temp.Path, "elsewhere")).FullName;

        Assert.Equal(Path.Combine(temp.Path, "repo", "artifacts", "checkpoints"), CheckpointFolder.Locate(null, outside, nested));
        Assert.Equal(Path.GetFullPath(Path.Combine("artifacts", "checkpoints")), CheckpointFolder.Locate(outside, ""));
    }
}
