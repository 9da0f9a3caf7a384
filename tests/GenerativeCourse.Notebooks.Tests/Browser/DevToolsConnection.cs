using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Tests.Browser;

/// <summary>
/// A Chrome DevTools protocol connection over one WebSocket: commands are JSON messages with an <c>id</c> that the
/// browser answers with the same <c>id</c>; everything else it sends is an event (<c>method</c> + <c>params</c>),
/// handed to <see cref="EventReceived"/> on the receive loop.
/// </summary>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private Task? _receiveLoop;
    private int _nextId;

    /// <summary>Called for every event, on the receive loop: the method name and its parameters.</summary>
    public event Action<string, JsonElement>? EventReceived;

    public static async Task<DevToolsConnection> ConnectAsync(Uri webSocketUrl, CancellationToken cancellation)
    {
        var connection = new DevToolsConnection();
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(webSocketUrl, cancellation);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync);
        return connection;
    }

    /// <summary>Sends a command and returns its <c>result</c>; a protocol error becomes an exception with the browser's message.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters, CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendGate.WaitAsync(cancellation);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellation);
        }
        finally
        {
            _sendGate.Release();
        }

        using (cancellation.Register(() => answer.TrySetCanceled(cancellation)))
        {
            return await answer.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The browser may already be gone; it is killed next anyway.
            }
        }

        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Dispatch(message.ToArray());
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Closed: fail whatever still waits for an answer.
        }

        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(new WebSocketException("The DevTools connection closed before the browser answered."));
        }
    }

    private void Dispatch(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement) && _pending.TryRemove(idElement.GetInt32(), out var answer))
        {
            if (root.TryGetProperty("error", out var error))
            {
                answer.TrySetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
            }
            else
            {
                answer.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
            }
        }
        else if (root.TryGetProperty("method", out var method))
        {
            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            EventReceived?.Invoke(method.GetString()!, parameters);
        }
    }
}
