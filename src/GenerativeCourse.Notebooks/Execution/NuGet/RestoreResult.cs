namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>
/// What a notebook can load after <see cref="PackageRestorer.RestoreAsync"/>: full paths of files in the NuGet global
/// packages folder (nothing is copied).
/// </summary>
/// <param name="Packages">Every package the restore resolved, transitive ones included, sorted by name.</param>
/// <param name="RuntimeAssemblies">
/// The managed assemblies to reference and load: the implementation assemblies from each package's <c>lib/</c> (or
/// <c>runtimes/&lt;rid&gt;/lib/</c>) folder for this target framework and runtime, never the <c>ref/</c> ones.
/// </param>
/// <param name="NativeLibraries">The native libraries for this runtime (<c>runtimes/&lt;rid&gt;/native/*.so</c>), for the worker's native resolver.</param>
/// <param name="FromCache">True when the result was read from the restore cache without running <c>dotnet</c>.</param>
/// <param name="Elapsed">Wall-clock time of the whole call, cache lookup included.</param>
public sealed record RestoreResult(
    IReadOnlyList<RestoredPackage> Packages,
    IReadOnlyList<string> RuntimeAssemblies,
    IReadOnlyList<string> NativeLibraries,
    bool FromCache,
    TimeSpan Elapsed);
