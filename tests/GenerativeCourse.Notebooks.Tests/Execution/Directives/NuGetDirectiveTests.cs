using GenerativeCourse.Notebooks.Execution.Directives;
using static GenerativeCourse.Notebooks.Tests.Execution.Directives.DirectivesAssert;

namespace GenerativeCourse.Notebooks.Tests.Execution.Directives;

public class NuGetDirectiveTests
{
    [Theory]
    [InlineData("#r \"nuget: TorchSharp-cpu, 0.107.0\"", "TorchSharp-cpu", "0.107.0")]
    [InlineData("#r \"nuget:TorchSharp-cpu,0.107.0\"", "TorchSharp-cpu", "0.107.0")]
    [InlineData("#r \"nuget: Plotly.NET\"", "Plotly.NET", null)]
    [InlineData("#r \"nuget:Plotly.NET\"", "Plotly.NET", null)]
    [InlineData("#r \"nuget: Plotly.NET, *\"", "Plotly.NET", "*")]
    [InlineData("#r \"nuget: Plotly.NET, *-*\"", "Plotly.NET", "*-*")]
    [InlineData("#r \"nuget: Plotly.NET, 6.*\"", "Plotly.NET", "6.*")]
    [InlineData("#r \"nuget: Markdig, [1.0, 2.0)\"", "Markdig", "[1.0,2.0)")]
    [InlineData("#r \"nuget: Microsoft.DotNet.Interactive.Formatting, 1.0.0-beta.23562.1\"", "Microsoft.DotNet.Interactive.Formatting", "1.0.0-beta.23562.1")]
    [InlineData("  #r   \"nuget: Markdig, 1.6.0\"  // for Markdown", "Markdig", "1.6.0")]
    public void APackageDirectiveIsReadAndHoisted(string directive, string name, string? version)
    {
        var cell = Parses($"using System;\n{directive}\nvar x = 1;");

        Assert.Equal([new PackageRequest(name, version)], cell.Packages);
        Assert.Equal("using System;\n\nvar x = 1;", cell.Code);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("*", true)]
    [InlineData("*-*", true)]
    [InlineData("1.*", true)]
    [InlineData("1.0.0-beta.*", true)]
    [InlineData("0.107.0", false)]
    [InlineData("[1.0,2.0)", false)]
    public void OnlyMissingAndWildcardVersionsFloat(string? version, bool floating) =>
        Assert.Equal(floating, new PackageRequest("Markdig", version).IsFloating);

    [Fact]
    public void PackageNamesCompareWithoutCase()
    {
        Assert.Equal(new PackageRequest("markdig", "1.6.0"), new PackageRequest("Markdig", "1.6.0"));
        Assert.NotEqual(new PackageRequest("Markdig", "1.6.0"), new PackageRequest("Markdig", "1.5.0"));
        Assert.Equal("Markdig, 1.6.0", new PackageRequest("Markdig", "1.6.0").ToString());
        Assert.Equal("Markdig", new PackageRequest("Markdig", null).ToString());
    }

    [Fact]
    public void PackagesKeepTheirOrderAndRepeatsCountOnce()
    {
        var cell = Parses("#r \"nuget: B, 1.0\"\n#r \"nuget: A\"\n#r \"nuget: b, 1.0\"");

        Assert.Equal([new PackageRequest("B", "1.0"), new PackageRequest("A", null)], cell.Packages);
        Assert.Equal("\n\n", cell.Code);
    }

    [Fact]
    public void APackageSourceIsReadAndHoisted()
    {
        var cell = Parses("#i \"nuget: https://pkgs.example.org/v3/index.json\"\n#i \"nuget:/home/me/packages\"\nx");

        Assert.Equal(["https://pkgs.example.org/v3/index.json", "/home/me/packages"], cell.PackageSources);
        Assert.Equal("\n\nx", cell.Code);
    }

    [Theory]
    [InlineData("#r \"nuget:\"", "malformed #r \"nuget:\" directive: the package name is missing (expected #r \"nuget: Name, Version\" or #r \"nuget: Name\")")]
    [InlineData("#r \"nuget: , 1.0\"", "malformed #r \"nuget:\" directive: the package name is missing (expected #r \"nuget: Name, Version\" or #r \"nuget: Name\")")]
    [InlineData("#r \"nuget: Markdig,\"", "malformed #r \"nuget:\" directive: the version after the comma is missing for \"Markdig\" (expected #r \"nuget: Name, Version\" or #r \"nuget: Name\", or leave out the comma for the newest version)")]
    [InlineData("#r \"nuget: Mark dig, 1.0\"", "malformed #r \"nuget:\" directive: \"Mark dig\" is not a package name (letters, digits, '.', '-' and '_' only; expected #r \"nuget: Name, Version\" or #r \"nuget: Name\")")]
    [InlineData("#r \"nuget: Markdig, 1.0; 2.0\"", "malformed #r \"nuget:\" directive: \"1.0;2.0\" is not a version or version range for \"Markdig\" (for example 1.2.3, 1.*, *-* or [1.0,2.0))")]
    [InlineData("#r \"nuget: Markdig, 1.6.0", "malformed #r directive: the closing quote is missing, expected #r \"nuget: Name, Version\" or #r \"path.dll\"")]
    [InlineData("#r nuget: Markdig", "malformed #r directive: expected a quoted argument, as in #r \"nuget: Name, Version\" or #r \"path.dll\"")]
    [InlineData("#r \"nuget: Markdig\" 1.6.0", "malformed #r directive: unexpected \"1.6.0\" after the closing quote, expected #r \"nuget: Name, Version\" or #r \"path.dll\"")]
    [InlineData("#i \"nuget:\"", "malformed #i \"nuget:\" directive: the package source is missing (expected #i \"nuget: <source URL or folder>\")")]
    [InlineData("#i \"/home/me/packages\"", "#i \"/home/me/packages\" is not supported: #i only adds NuGet package sources, written #i \"nuget: <source URL or folder>\"")]
    public void AMalformedDirectiveIsAnErrorWithItsLine(string directive, string message)
    {
        var error = FailsOnce($"var x = 1;\n\n{directive}\n");

        Assert.Equal(new DirectiveError(3, message), error);
    }
}
