using System.Reflection;
using GenerativeCourse.Runtime;

namespace GenerativeCourse.Tests.Runtime;

public sealed class AssemblyUnificationTests
{
    private static readonly Assembly FSharpCore = typeof(Microsoft.FSharp.Core.Unit).Assembly;

    [Fact]
    public void AnOlderRequestedVersionIsAnsweredWithTheLoadedNewerOne()
    {
        // Plotly.NET 6.0 asks for FSharp.Core 5.0.0.0; the loaded one is newer.
        var requested = new AssemblyName($"FSharp.Core, Version=5.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");

        Assert.Same(FSharpCore, AssemblyUnification.FindLoaded(requested, [typeof(object).Assembly, FSharpCore]));
    }

    [Fact]
    public void ANewerVersionThanTheLoadedOneIsNotSubstituted()
    {
        var loaded = FSharpCore.GetName().Version!;
        var requested = new AssemblyName($"FSharp.Core, Version={loaded.Major + 1}.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");

        Assert.Null(AssemblyUnification.FindLoaded(requested, [FSharpCore]));
    }

    [Fact]
    public void AnotherNameOrPublicKeyTokenIsNotSubstituted()
    {
        Assert.Null(AssemblyUnification.FindLoaded(new AssemblyName("FSharp.Data, Version=1.0.0.0"), [FSharpCore]));
        Assert.Null(AssemblyUnification.FindLoaded(new AssemblyName("FSharp.Core, Version=5.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef"), [FSharpCore]));
    }

    [Fact]
    public void RegisteringTwiceIsHarmless()
    {
        AssemblyUnification.Register();
        AssemblyUnification.Register();

        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "FSharp.Core");
    }
}
