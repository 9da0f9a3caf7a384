using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// Chromium (Debian's <c>chromium</c> package, or Google Chrome as on GitHub's Ubuntu runners), headless, with its own new profile folder and a DevTools port chosen by the browser
/// (<c>--remote-debugging-port=0</c>; the port is read from <c>DevToolsActivePort</c> in the profile folder).
/// Disposing kills the browser and every process it started, then deletes the profile folder.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the browser is looked for, in order; <c>GENCOURSE_CHROMIUM</c> names another one.</summary>
    public static readonly IReadOnlyList<string> Candidates =
        [.. new[] { Environment.GetEnvironmentVariable("GENCOURSE_CHROMIUM") }.OfType<string>(),
         "/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The first of <see cref="Candidates"/> that exists, or null.</summary>
    public static readonly string? ExecutablePath = Candidates.FirstOrDefault(File.Exists);

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, int port)
    {
        _process = process;
        _profile = profile;
        Port = port;
    }

    public static bool IsInstalled => ExecutablePath is not null;

    /// <summary>The DevTools HTTP and WebSocket port on 127.0.0.1.</summary>
    public int Port { get; }

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellation)
    {
        var profile = Directory.CreateTempSubdirectory("gencourse-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath ?? throw new InvalidOperationException(ChromiumFactAttribute.SkipReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])
                 [
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-crash-reporter", "--disable-breakpad", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", "about:blank",
                 ])
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium's crash handler detaches from the browser's process tree; with its files under the profile
        // folder, its command line names that folder and Dispose can find it.
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(profile, "config");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await ReadPortAsync(profile, process, cancellation);
            return new HeadlessChromium(process, profile, port);
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    /// <summary>Opens a new tab and returns the WebSocket address of its DevTools target.</summary>
    public async Task<Uri> NewPageAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/") };
        // Current Chromium accepts /json/new only with PUT.
        using var response = await http.PutAsync("json/new?about:blank", null, cancellation);
        response.EnsureSuccessStatusCode();
        var target = await response.Content.ReadFromJsonAsync<Target>(cancellation)
            ?? throw new InvalidOperationException("Chromium answered /json/new with no target.");
        return new Uri(target.WebSocketDebuggerUrl);
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process, _profile);
        return ValueTask.CompletedTask;
    }

    private static async Task<int> ReadPortAsync(string profile, Process process, CancellationToken cancellation)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it opened its DevTools port.");
            }

            // The first line is the port; the file may exist before it is completely written.
            if (File.Exists(file) && File.ReadAllLines(file) is [var first, ..] && int.TryParse(first, out var port) && port > 0)
            {
                return port;
            }

            await Task.Delay(50, cancellation);
        }
    }

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
            KillStragglers(profile);
            DeleteProfile(profile);
        }
    }

    // Processes that left the browser's tree (the crash handler) but were started for this profile: found by the
    // profile folder in their command line, which is unique to this browser, and killed by id.
    private static void KillStragglers(string profile)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains(profile, StringComparison.Ordinal))
                {
                    using var straggler = Process.GetProcessById(pid);
                    straggler.Kill();
                    straggler.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // The process ended meanwhile, or is not ours to read.
            }
        }
    }

    private static void DeleteProfile(string profile)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100); // A dying process may still be writing to its profile.
            }
        }
    }

    private sealed record Target([property: JsonPropertyName("webSocketDebuggerUrl")] string WebSocketDebuggerUrl);
}
