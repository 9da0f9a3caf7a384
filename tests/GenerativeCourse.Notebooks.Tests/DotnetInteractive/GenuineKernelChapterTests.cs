using GenerativeCourse.Notebooks.Execution;
using GenerativeCourse.Notebooks.Tests.Chapters;
using Xunit.Abstractions;

namespace GenerativeCourse.Notebooks.Tests.DotnetInteractive;

/// <summary>
/// Every chapter, unchanged, in the genuine .NET Interactive kernel (the one VS Code's Polyglot Notebooks starts), in
/// the <c>quick</c> profile: the profile's overrides are injected after the <c>parameters</c> cell exactly as for the
/// course's own runner, and the kernel is driven over its stdio protocol. Serial with the other chapter runs, which
/// would otherwise share the two cores. Executed copies go to <c>artifacts/test-results/notebooks-dotnet-interactive/</c>.
/// </summary>
[Collection("Chapters")]
public sealed class GenuineKernelChapterTests(ITestOutputHelper output)
{
    public static TheoryData<string> Chapters() => [.. CourseRepository.Chapters];

    [GenuineKernelTheory]
    [MemberData(nameof(Chapters))]
    public Task ChapterRunsToTheEndInTheGenuineKernel(string chapter) =>
        ChapterRun.RunAndAssertAsync(chapter, "notebooks-dotnet-interactive", output,
            new NotebookRunOptions { DotnetInteractivePath = GenuineKernel.Executable });
}
