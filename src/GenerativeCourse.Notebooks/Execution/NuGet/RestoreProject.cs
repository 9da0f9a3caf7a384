using System.Security;
using System.Text;
using GenerativeCourse.Notebooks.Execution.Directives;

namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// The throw-away project a restore runs: one <c>PackageReference</c> per request, and a target that runs after
/// <c>ResolveReferences</c> (so the packages' own <c>.targets</c> take part, as in a real build) and writes every
/// copy-local file with its asset type to <see cref="AssetsFileName"/>, one <c>type|package|version|path</c> line each.
/// </summary>
/// <remarks>
/// The project imports the SDK explicitly so it can switch off <c>Directory.Build.props</c>, <c>Directory.Build.targets</c>
/// and <c>Directory.Packages.props</c> before the SDK looks for them: whatever folder the cache lives in, the notebook's
/// packages are resolved alone, with their own versions. A request without a version becomes <c>*</c>, the newest stable
/// version, as in .NET Interactive (a PackageReference without a version would pick the oldest one).
/// </remarks>
internal static class RestoreProject
{
    public const string FileName = "notebook-restore.csproj";
    public const string AssetsFileName = "notebook-assets.txt";
    public const string TargetName = "GenerativeCourseWriteNotebookAssets";

    public static string Create(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string targetFramework, string runtimeIdentifier)
    {
        var text = new StringBuilder();
        text.AppendLine("<Project>")
            .AppendLine("  <PropertyGroup>")
            .AppendLine("    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>")
            .AppendLine("    <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>")
            .AppendLine("    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>")
            .AppendLine("  </PropertyGroup>")
            .AppendLine("  <Import Project=\"Sdk.props\" Sdk=\"Microsoft.NET.Sdk\" />")
            .AppendLine("  <PropertyGroup>")
            .AppendLine($"    <TargetFramework>{Escape(targetFramework)}</TargetFramework>")
            .AppendLine($"    <RuntimeIdentifier>{Escape(runtimeIdentifier)}</RuntimeIdentifier>")
            .AppendLine("    <SelfContained>false</SelfContained>")
            .AppendLine("    <OutputType>Library</OutputType>")
            .AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>")
            .AppendLine("    <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>")
            .AppendLine("    <EnableDefaultItems>false</EnableDefaultItems>")
            .AppendLine("    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>")
            .AppendLine("    <SatelliteResourceLanguages>en</SatelliteResourceLanguages>");
        if (sources.Count > 0)
        {
            text.AppendLine($"    <RestoreAdditionalProjectSources>{string.Join(";", sources.Select(Escape))}</RestoreAdditionalProjectSources>");
        }

        text.AppendLine("  </PropertyGroup>")
            .AppendLine("  <ItemGroup>");
        foreach (var package in packages)
        {
            text.AppendLine($"    <PackageReference Include=\"{Escape(package.Name)}\" Version=\"{Escape(package.Version ?? "*")}\" />");
        }

        text.AppendLine("  </ItemGroup>")
            .AppendLine($"  <Target Name=\"{TargetName}\" DependsOnTargets=\"ResolveReferences\">")
            .AppendLine("    <ItemGroup>")
            .AppendLine("      <_NotebookAsset Include=\"@(ReferenceCopyLocalPaths->'%(AssetType)|%(NuGetPackageId)|%(NuGetPackageVersion)|%(FullPath)')\" />")
            .AppendLine("      <_NotebookAsset Include=\"@(RuntimeTargetsCopyLocalItems->'%(AssetType)|%(NuGetPackageId)|%(NuGetPackageVersion)|%(FullPath)')\"")
            .AppendLine($"                      Condition=\"'%(RuntimeTargetsCopyLocalItems.RuntimeIdentifier)' == '{Escape(runtimeIdentifier)}'\" />")
            .AppendLine("    </ItemGroup>")
            .AppendLine($"    <WriteLinesToFile File=\"$(MSBuildProjectDirectory)/{AssetsFileName}\" Lines=\"@(_NotebookAsset)\" Overwrite=\"true\" />")
            .AppendLine("  </Target>")
            .AppendLine("  <Import Project=\"Sdk.targets\" Sdk=\"Microsoft.NET.Sdk\" />")
            .AppendLine("</Project>");
        return text.ToString();
    }

    // XML-escape, then MSBuild-escape the characters MSBuild would expand or split on (%, $, @, ', ;).
    private static string Escape(string value)
    {
        var msbuild = new StringBuilder();
        foreach (var c in value)
        {
            msbuild.Append(c is '%' or '$' or '@' or '\'' or ';' ? $"%{(int)c:X2}" : c.ToString());
        }

        return SecurityElement.Escape(msbuild.ToString());
    }
}
