using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// One tab driven over DevTools, recording everything that went wrong on it: console errors
/// (<c>Runtime.consoleAPICalled</c> of type error or assert), uncaught exceptions (<c>Runtime.exceptionThrown</c>) and
/// browser log errors such as a missing file (<c>Log.entryAdded</c>), and every address the page requested.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly DevToolsConnection _connection;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserPage(DevToolsConnection connection)
    {
        _connection = connection;
        _connection.EventReceived += OnEvent;
    }

    /// <summary>Console errors, exceptions and log errors, in the order they came.</summary>
    public IReadOnlyList<string> Errors => _errors.ToList();

    /// <summary>Every URL the page requested (documents, scripts, stylesheets, fonts, images).</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    public static async Task<BrowserPage> OpenAsync(HeadlessChromium browser, CancellationToken cancellation)
    {
        var connection = await DevToolsConnection.ConnectAsync(await browser.NewPageAsync(cancellation), cancellation);
        var page = new BrowserPage(connection);
        foreach (var domain in (string[])["Runtime", "Log", "Page", "Network"])
        {
            await connection.SendAsync($"{domain}.enable", null, cancellation);
        }

        return page;
    }

    /// <summary>Navigates and waits for the load event (all scripts, stylesheets and images of the page done).</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellation)
    {
        var result = await _connection.SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cancellation);
        if (result.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        }

        await _loaded.Task.WaitAsync(cancellation);
    }

    /// <summary>Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellation)
    {
        var result = await _connection.SendAsync(
            "Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true },
            cancellation);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"'{expression}' threw: {exception.GetRawText()}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Polls a JavaScript condition until it is true; false if it is still false when the time is up.</summary>
    public async Task<bool> WaitUntilAsync(string condition, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if ((await EvaluateAsync($"Boolean({condition})", cancellation)).ValueKind == JsonValueKind.True)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100, cancellation);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnEvent(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Network.requestWillBeSent":
                _requests.Enqueue(parameters.GetProperty("request").GetProperty("url").GetString() ?? "");
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                var arguments = parameters.GetProperty("args").EnumerateArray()
                    .Select(arg => arg.TryGetProperty("value", out var v) ? v.ToString() : arg.TryGetProperty("description", out var d) ? d.GetString() : arg.GetRawText());
                _errors.Enqueue("console: " + string.Join(" ", arguments));
                break;
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                var description = details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var text)
                    ? text.GetString()
                    : details.GetProperty("text").GetString();
                _errors.Enqueue("exception: " + description);
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = parameters.GetProperty("entry");
                var where = entry.TryGetProperty("url", out var url) ? $" ({url.GetString()})" : "";
                _errors.Enqueue($"log ({entry.GetProperty("source").GetString()}): {entry.GetProperty("text").GetString()}{where}");
                break;
        }
    }
}
