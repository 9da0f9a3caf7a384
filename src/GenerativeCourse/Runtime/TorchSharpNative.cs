using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace GenerativeCourse.Runtime;

/// <summary>
/// Loads TorchSharp's native libraries before the first tensor is made, repairing the one known
/// incompatibility of TorchSharp 0.107 with older Linux distributions on the way.
/// </summary>
/// <remarks>
/// <para><b>The problem.</b> <c>libLibTorchSharp.so</c> of TorchSharp 0.107.0 was linked with GCC 13 and so
/// declares that it needs version <c>GLIBCXX_3.4.32</c> of <c>libstdc++.so.6</c>. Debian 12 and
/// Ubuntu 22.04 ship <c>GLIBCXX_3.4.30</c>, and the dynamic loader refuses the library. The only symbol of
/// that version is <c>std::ios_base_library_init()</c>, a marker GCC 13 emits at link time that the
/// library never calls.</para>
/// <para><b>The repair.</b> A copy of the library whose need for <c>GLIBCXX_3.4.32</c> is flagged weak
/// (<see cref="ElfVersionNeeds.WeakFlag"/>) loads and works. The copy lives in a per-user cache
/// (<see cref="PatchedLibraryCache"/>), never in the NuGet folder or a system folder, and is made only
/// when loading the shipped library fails for exactly this reason.</para>
/// <para><b>Wiring.</b> TorchSharp calls its native code through <c>[DllImport("LibTorchSharp")]</c>. A
/// resolver registered on the TorchSharp assembly hands those imports the library loaded here, so the
/// same code works in an app, a test run, and a notebook whose packages sit in the NuGet folder.</para>
/// </remarks>
public static class TorchSharpNative
{
    /// <summary>The symbol version that the repair makes optional: needed at link time only.</summary>
    public const string UnusedVersion = "GLIBCXX_3.4.32";

    /// <summary>The library that defines <see cref="UnusedVersion"/>.</summary>
    public const string UnusedVersionLibrary = "libstdc++.so.6";

    private static readonly Lock Gate = new();
    private static NativeLoadReport? _loaded;

    /// <summary>
    /// Loads TorchSharp's native libraries once per process (later calls return the first report).
    /// Call it before anything touches <c>torch</c>; <see cref="Course.Setup"/> does.
    /// </summary>
    /// <exception cref="NativeLoadException">The libraries are missing or fail for another reason; the message says which and why.</exception>
    public static NativeLoadReport EnsureLoaded() => EnsureLoaded(new PatchedLibraryCache(PatchedLibraryCache.DefaultRoot()));

    /// <inheritdoc cref="EnsureLoaded()"/>
    public static NativeLoadReport EnsureLoaded(PatchedLibraryCache cache)
    {
        lock (Gate)
        {
            return _loaded ??= Load(typeof(torch).Assembly, cache);
        }
    }

    private static NativeLoadReport Load(Assembly torchSharp, PatchedLibraryCache cache)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Windows and macOS packages load as shipped; TorchSharp's own loader finds them.
            return NativeLoadReport.ByTorchSharp(torchSharp);
        }

        var files = TorchSharpNativeFiles.Locate(torchSharp);

        // libtorch first, by full path: the wrapper's own dependencies are then already loaded
        // (matched by their soname), whichever folder the wrapper itself is loaded from.
        LoadOrExplain(Path.Combine(files.LibTorchDirectory, TorchSharpNativeFiles.LibTorchFileName), files);

        if (TryLoad(files.LibTorchSharp, out var shipped, out var reason))
        {
            Resolve(torchSharp, shipped);
            return new NativeLoadReport(files, files.LibTorchSharp, Repaired: false, CacheReused: false);
        }

        if (!reason.Contains($"version `{UnusedVersion}' not found", StringComparison.Ordinal))
        {
            throw new NativeLoadException(
                $"TorchSharp {files.TorchSharpVersion}: '{files.LibTorchSharp}' failed to load: {reason}{Environment.NewLine}" +
                $"This is not the known {UnusedVersion} problem that the course repairs by itself.");
        }

        var patched = ElfVersionNeeds.WithWeakNeed(File.ReadAllBytes(files.LibTorchSharp), UnusedVersionLibrary, UnusedVersion);
        var entry = cache.GetOrCreate(files, patched);
        if (!TryLoad(entry.LibTorchSharp, out var repaired, out var repairedReason))
        {
            throw new NativeLoadException(
                $"TorchSharp {files.TorchSharpVersion}: the repaired copy '{entry.LibTorchSharp}' of '{files.LibTorchSharp}' " +
                $"failed to load too: {repairedReason}");
        }

        Resolve(torchSharp, repaired);
        return new NativeLoadReport(files, entry.LibTorchSharp, Repaired: true, entry.Reused);
    }

    /// <summary>Hands every <c>DllImport("LibTorchSharp")</c> of the TorchSharp assembly the loaded library.</summary>
    private static void Resolve(Assembly torchSharp, IntPtr libTorchSharp)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or TorchSharpNativeFiles.LibTorchSharpFileName
                    ? libTorchSharp
                    : IntPtr.Zero);
        }
        catch (InvalidOperationException e)
        {
            throw new NativeLoadException(
                "Another component already registered a native library resolver for TorchSharp, so the course cannot " +
                "route TorchSharp to its native library. Call Course.Setup() before any other code uses TorchSharp.", e);
        }
    }

    private static void LoadOrExplain(string path, TorchSharpNativeFiles files)
    {
        if (!TryLoad(path, out _, out var reason))
        {
            throw new NativeLoadException($"TorchSharp {files.TorchSharpVersion}: libtorch '{path}' failed to load: {reason}");
        }
    }

    /// <summary>Loads a library by full path; on failure <paramref name="reason"/> holds the loader's message.</summary>
    private static bool TryLoad(string path, out IntPtr handle, out string reason)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            reason = "";
            return true;
        }
        catch (DllNotFoundException e)
        {
            handle = IntPtr.Zero;
            reason = e.Message;
            return false;
        }
    }
}
