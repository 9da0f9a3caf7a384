using System.Reflection;
using GenerativeCourse.Notebooks.Worker;

namespace GenerativeCourse.Notebooks.Tests.Execution;

/// <summary>Version unification: an assembly stands in for a request only with the same name and token and a version at least the one asked for.</summary>
public sealed class ManagedAssemblyResolverTests
{
    private const string FSharpCore = "FSharp.Core, Version={0}, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a";

    [Theory]
    [InlineData("10.1.0.0", "5.0.0.0", true)]
    [InlineData("5.0.0.0", "5.0.0.0", true)]
    [InlineData("4.7.0.0", "5.0.0.0", false)]
    public void ANewerVersionAnswersAnOlderRequestNeverTheReverse(string candidate, string requested, bool answers) =>
        Assert.Equal(answers, ManagedAssemblyResolver.Answers(Name(candidate), Name(requested)));

    [Fact]
    public void ADifferentPublicKeyTokenOrNameDoesNotAnswer()
    {
        var otherToken = new AssemblyName("FSharp.Core, Version=10.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef");
        var otherName = new AssemblyName("FSharp.Data, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");

        Assert.False(ManagedAssemblyResolver.Answers(otherToken, Name("5.0.0.0")));
        Assert.False(ManagedAssemblyResolver.Answers(otherName, Name("5.0.0.0")));
    }

    [Fact]
    public void ALoadedAssemblyIsFoundBeforeAnyRestoredFile()
    {
        var resolver = new ManagedAssemblyResolver();
        resolver.Add(["/nowhere/System.Text.Json.dll"]);
        var loaded = typeof(System.Text.Json.JsonSerializer).Assembly;
        var older = new AssemblyName(loaded.GetName().FullName) { Version = new Version(4, 0, 0, 0) };

        Assert.Same(loaded, resolver.Find(older));
    }

    private static AssemblyName Name(string version) => new(string.Format(System.Globalization.CultureInfo.InvariantCulture, FSharpCore, version));
}
