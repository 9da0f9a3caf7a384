using GenerativeCourse.Plots;
using GenerativeCourse.Runtime;
using TorchSharp;

namespace GenerativeCourse;

/// <summary>
/// The first call of every notebook, test and command: <c>Course.Setup()</c> loads TorchSharp's native
/// libraries, seeds every random number generator, sets the CPU thread count and registers the
/// display formatters, so a notebook cell shows charts, image grids and tensors the same way in
/// VS Code and in the course's own runner.
/// </summary>
public static class Course
{
    /// <summary>The seed every notebook uses unless it says otherwise.</summary>
    public const int DefaultSeed = 1234;

    /// <summary>
    /// Environment variable with the default thread count of <see cref="Setup"/>, for machines shared with
    /// other jobs (CI): there, libtorch's OpenMP threads spin while they wait for each other, and a run with
    /// every core can be many times slower than one with a single thread. A <c>threads</c> argument wins over it.
    /// </summary>
    public const string ThreadsVariable = "GENCOURSE_THREADS";

    private static readonly Lock Gate = new();
    private static Random _random = new(DefaultSeed);

    /// <summary>
    /// The .NET random number generator of the course, seeded by <see cref="Setup"/> and
    /// <see cref="Seed"/>. Use it for anything random outside TorchSharp (shuffles of plain arrays,
    /// choices in exercises); <see cref="Random.Shared"/> cannot be seeded, so it is never used.
    /// </summary>
    public static Random Random
    {
        get
        {
            lock (Gate)
            {
                return _random;
            }
        }
    }

    /// <summary>The device models and tensors are put on: the CPU unless a CUDA build of TorchSharp finds a GPU.</summary>
    public static torch.Device Device => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>
    /// Prepares the process for the course: FSharp.Core unification for the charts (<see cref="FSharpCoreUnification"/>),
    /// native loading, threads, seeds and display formatters. Safe to call again: native loading and formatter registration happen
    /// once, and the generators are re-seeded, so <c>Setup(7)</c> twice leaves the same state as once.
    /// </summary>
    /// <param name="seed">Seed of TorchSharp's default generator and of <see cref="Random"/>.</param>
    /// <param name="threads">Intra-op CPU threads for TorchSharp; default the value of <see cref="ThreadsVariable"/>
    /// if it is set, else all cores.</param>
    /// <returns>What was set up, for display in the first cell.</returns>
    /// <exception cref="NativeLoadException">TorchSharp's native libraries cannot be loaded; the message says why.</exception>
    /// <exception cref="ArgumentException"><see cref="ThreadsVariable"/> is set but is not a positive integer.</exception>
    public static CourseEnvironment Setup(int seed = DefaultSeed, int? threads = null)
    {
        if (threads is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        }

        // First, before any chart type is touched: a host with an older FSharp.Core (the genuine kernel) needs it.
        var fsharpCore = FSharpCoreUnification.Install();
        var native = TorchSharpNative.EnsureLoaded();
        var threadCount = threads ?? ThreadsFromEnvironment() ?? Environment.ProcessorCount;
        torch.set_num_threads(threadCount);
        Seed(seed);
        CourseFormatters.Register();
        return new CourseEnvironment(seed, threadCount, Device.ToString(), native, fsharpCore);
    }

    private static int? ThreadsFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new ArgumentException($"The environment variable {ThreadsVariable} must be a positive integer (a thread count), but it is '{value}'. Unset it to use all cores.");
        }

        return count;
    }

    /// <summary>Seeds TorchSharp's default generator and <see cref="Random"/> with the same seed.</summary>
    public static void Seed(int seed)
    {
        lock (Gate)
        {
            torch.manual_seed(seed);
            _random = new Random(seed);
        }
    }
}
