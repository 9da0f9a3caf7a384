using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace GenerativeCourse.Runtime;

/// <summary>
/// Where the native half of TorchSharp lives on this machine: <c>libLibTorchSharp.so</c> (the C
/// wrapper TorchSharp calls through P/Invoke) and the folder of the libtorch libraries it links
/// against (<c>libtorch.so</c>, <c>libtorch_cpu.so</c>, <c>libc10.so</c>, …).
/// </summary>
/// <remarks>
/// The files are found, in this order:
/// <list type="number">
/// <item>the native search folders the .NET host was given (<c>NATIVE_DLL_SEARCH_DIRECTORIES</c>): an
/// app or test run from its build output, where the package's native assets were copied;</item>
/// <item>beside <c>TorchSharp.dll</c> and in its <c>runtimes/{rid}/native</c> folder;</item>
/// <item>the NuGet global packages folder (<c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>): a notebook
/// or script that restored <c>TorchSharp-cpu</c> with <c>#r "nuget: …"</c> reads the packages in place.
/// The libtorch version is the one <c>torchsharp-cpu.nuspec</c> depends on.</item>
/// </list>
/// </remarks>
/// <param name="LibTorchSharp">Full path of <c>libLibTorchSharp.so</c>.</param>
/// <param name="LibTorchDirectory">Folder that holds <c>libtorch.so</c> and its companions.</param>
/// <param name="TorchSharpVersion">Version of the TorchSharp assembly, e.g. <c>0.107.0</c>.</param>
public sealed record TorchSharpNativeFiles(string LibTorchSharp, string LibTorchDirectory, string TorchSharpVersion)
{
    /// <summary>File name of TorchSharp's native wrapper on Linux.</summary>
    public const string LibTorchSharpFileName = "libLibTorchSharp.so";

    /// <summary>The libtorch library that pulls in all the others through its own RUNPATH.</summary>
    public const string LibTorchFileName = "libtorch.so";

    /// <summary>Finds the native files for the given TorchSharp assembly.</summary>
    /// <exception cref="NativeLoadException">A file is in none of the searched folders; the message lists them.</exception>
    public static TorchSharpNativeFiles Locate(Assembly torchSharp)
    {
        var version = torchSharp.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";
        var rid = RuntimeIdentifier();
        var hostFolders = HostNativeFolders();
        var assemblyFolder = Path.GetDirectoryName(torchSharp.Location);
        var besideAssembly = string.IsNullOrEmpty(assemblyFolder)
            ? []
            : new[] { assemblyFolder, Path.Combine(assemblyFolder, "runtimes", rid, "native") };
        var packages = NuGetPackagesFolder();

        var wrapperFolders = hostFolders.Concat(besideAssembly)
            .Append(Path.Combine(packages, "torchsharp", version, "runtimes", rid, "native"))
            .ToList();
        var libTorchSharp = FindIn(wrapperFolders, LibTorchSharpFileName);

        var torchFolders = new List<string>();
        if (libTorchSharp is not null)
        {
            torchFolders.Add(Path.GetDirectoryName(libTorchSharp)!);
        }

        torchFolders.AddRange(hostFolders.Concat(besideAssembly));
        if (LibTorchPackageFolder(packages, version, rid) is { } fromPackages)
        {
            torchFolders.Add(fromPackages);
        }

        var libTorch = FindIn(torchFolders, LibTorchFileName);
        if (libTorchSharp is null || libTorch is null)
        {
            var missing = libTorchSharp is null ? LibTorchSharpFileName : LibTorchFileName;
            var searched = libTorchSharp is null ? wrapperFolders : torchFolders;
            throw new NativeLoadException(
                $"TorchSharp {version}: could not find {missing}. Searched:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", searched.Distinct()) + Environment.NewLine +
                "Reference the TorchSharp-cpu package (it brings the libtorch-cpu native packages) and restore again.");
        }

        return new TorchSharpNativeFiles(libTorchSharp, Path.GetDirectoryName(libTorch)!, version);
    }

    private static string? FindIn(IEnumerable<string> folders, string fileName) =>
        folders.Select(folder => Path.Combine(folder, fileName)).FirstOrDefault(File.Exists);

    private static string[] HostNativeFolders() =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string RuntimeIdentifier() =>
        "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    private static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The native folder of the libtorch-cpu package that TorchSharp-cpu of this version depends on.</summary>
    private static string? LibTorchPackageFolder(string packages, string torchSharpVersion, string rid)
    {
        var nuspec = Path.Combine(packages, "torchsharp-cpu", torchSharpVersion, "torchsharp-cpu.nuspec");
        if (!File.Exists(nuspec))
        {
            return null;
        }

        var libTorchVersion = XDocument.Load(nuspec).Descendants()
            .Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "libtorch-cpu")
            .Select(e => (string?)e.Attribute("version"))
            .FirstOrDefault();
        return libTorchVersion is null
            ? null
            : Path.Combine(packages, $"libtorch-cpu-{rid}", libTorchVersion, "runtimes", rid, "native");
    }
}
