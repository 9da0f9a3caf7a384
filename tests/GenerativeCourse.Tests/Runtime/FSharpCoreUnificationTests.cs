using System.Diagnostics;
using System.Reflection;
using GenerativeCourse.Runtime;
using GenerativeCourse.Tests.Data;

namespace GenerativeCourse.Tests.Runtime;

/// <summary>
/// Charts in a host that loaded an older FSharp.Core first, as the genuine .NET Interactive kernel does. The host is a
/// separate process (<c>tests/GenerativeCourse.OlderFSharpCoreHost</c>, FSharp.Core 10.0.0.0) that loads this test
/// run's copy of the library and its packages the way the kernel does; this process itself has FSharp.Core 10.1.
/// </summary>
public sealed class FSharpCoreUnificationTests
{
    private static readonly byte[] FSharpToken = [0xb0, 0x3f, 0x5f, 0x7f, 0x11, 0xd5, 0x0a, 0x3a];

    [Fact]
    public void AChartDrawsInAHostThatLoadedFSharpCore10Point0()
    {
        var (exitCode, output) = RunHost("unified");

        Assert.True(exitCode == 0, output);
        Assert.Contains("host FSharp.Core: 10.0.0.0", output, StringComparison.Ordinal);
        Assert.Contains("report: FSharp.Core: the host's 10.0.0.0 answers Plotly.NET's references to 10.1.0.0.", output, StringComparison.Ordinal);
        Assert.Matches(@"chart: [1-9]\d{3,} characters of HTML", output);
        // One FSharp.Core for the library and Plotly.NET alike: a second copy is what breaks charts with MissingMethodException.
        Assert.Contains("FSharp.Core loaded: 10.0.0.0" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheUnificationTheSameHostFailsAtTheFirstChart()
    {
        // The host reproduces the kernel's failure, so the test above shows the fix and not a friendlier host.
        var (exitCode, output) = RunHost("plain");

        Assert.True(exitCode == 3, output);
        Assert.Contains("failed: System.IO.FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFSharpCoreTypeAndMemberThatThePlotsUseExistsInFSharpCore10Point0()
    {
        // Code compiled against FSharp.Core 10.1 runs on 10.0 only if it uses nothing added in 10.1. Checked for every
        // assembly of this test run that references 10.1 or later (Plotly.NET, Plotly.NET.CSharp, the course library, …),
        // by name, generic arity and parameter count.
        var older = Path.Combine(HostDirectory, "FSharp.Core.dll");
        Assert.Equal(new Version(10, 0, 0, 0), System.Reflection.AssemblyName.GetAssemblyName(older).Version);
        var defined = FSharpCoreSurface.Defined(older);
        var users = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => FSharpCoreSurface.ReferencedVersion(path) is { } version && version > new Version(10, 0, 0, 0))
            .ToList();
        Assert.Contains(users, path => Path.GetFileName(path) == "Plotly.NET.dll");

        var missing = new List<string>();
        var used = new Dictionary<string, int>();
        foreach (var path in users)
        {
            var (types, members) = FSharpCoreSurface.Used(path);
            used[Path.GetFileName(path)] = types.Count + members.Count;
            missing.AddRange(types.Where(type => !defined.Types.Contains(type)).Select(type => $"{Path.GetFileName(path)}: type {type}"));
            missing.AddRange(members.Where(member => !defined.Members.Contains(member)).Select(member => $"{Path.GetFileName(path)}: {member}"));
        }

        // Plotly.NET alone uses FSharpOption, FSharpFunc, FSharpList, the Seq and Array modules, printf, … (151 at 6.0.0).
        Assert.True(used["Plotly.NET.dll"] > 100, "too few uses of FSharp.Core were read; the metadata reader misses them: " +
            string.Join(", ", used.Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Theory]
    [InlineData("10.0.0.0", "10.1.0.0", true)]   // the genuine kernel's case: older minor of the same major
    [InlineData("10.1.0.0", "10.1.0.0", true)]
    [InlineData("10.2.0.0", "10.1.0.0", false)]  // newer: the runtime binds it without help
    [InlineData("9.0.0.0", "10.1.0.0", false)]   // another major version may lack whole features
    [InlineData("11.0.0.0", "10.1.0.0", false)]
    public void OnlyAnOlderFSharpCoreOfTheSameMajorVersionStandsIn(string loaded, string requested, bool expected)
    {
        Assert.Equal(expected, FSharpCoreUnification.CanStandIn(FSharpCore(loaded, FSharpToken), FSharpCore(requested, FSharpToken)));
    }

    [Fact]
    public void NeitherAnotherAssemblyNorAnotherPublisherStandsIn()
    {
        var other = new AssemblyName("Plotly.NET") { Version = new Version(10, 0, 0, 0) };
        other.SetPublicKeyToken(FSharpToken);

        Assert.False(FSharpCoreUnification.CanStandIn(other, FSharpCore("10.1.0.0", FSharpToken)));
        Assert.False(FSharpCoreUnification.CanStandIn(FSharpCore("10.0.0.0", [1, 2, 3, 4, 5, 6, 7, 8]), FSharpCore("10.1.0.0", FSharpToken)));
        Assert.Null(FSharpCoreUnification.Resolve(other));
    }

    [Fact]
    public void TheReportSaysWhichFSharpCoreTheChartsUse()
    {
        Assert.Equal("FSharp.Core: the host's 10.0.0.0 answers Plotly.NET's references to 10.1.0.0.",
            new FSharpCoreReport(new Version(10, 1, 0, 0), new Version(10, 0, 0, 0)).ToString());
        Assert.Equal("FSharp.Core: 10.1.0.0, as Plotly.NET references it.", new FSharpCoreReport(new Version(10, 1, 0, 0), null).ToString());
        var incompatible = new FSharpCoreReport(new Version(10, 1, 0, 0), new Version(9, 0, 0, 0));
        Assert.True(incompatible.Incompatible);
        Assert.StartsWith("FSharp.Core: the host has 9.0.0.0 loaded but Plotly.NET needs 10.1.0.0; charts will fail", incompatible.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SetupReportsTheFSharpCoreOfThisProcess()
    {
        // This test process restores FSharp.Core 10.1 with Plotly.NET, so nothing is unified here.
        var report = FSharpCoreUnification.Install();

        Assert.Equal(new Version(10, 1, 0, 0), report.Referenced);
        Assert.False(report.UsesHostCopy);
        Assert.Same(report.GetType(), Course.Setup().FSharpCore.GetType());
        Assert.Equal(report, Course.Setup().FSharpCore);
    }

    private static string HostDirectory => Path.Combine(RepositoryFiles.Root, "artifacts", "bin", "GenerativeCourse.OlderFSharpCoreHost", "debug");

    private static AssemblyName FSharpCore(string version, byte[] token)
    {
        var name = new AssemblyName(FSharpCoreUnification.SimpleName) { Version = Version.Parse(version) };
        name.SetPublicKeyToken(token);
        return name;
    }

    private static (int ExitCode, string Output) RunHost(string mode)
    {
        var host = Path.Combine(HostDirectory, "GenerativeCourse.OlderFSharpCoreHost.dll");
        Assert.True(File.Exists(host), $"{host} is missing: build the solution (dotnet build) first");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(AppContext.BaseDirectory);
        start.ArgumentList.Add(mode);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the host did not finish within 2 minutes");
        return (process.ExitCode, stdout + stderr.Result);
    }
}
