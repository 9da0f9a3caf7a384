using System.Text;

namespace GenerativeCourse.Notebooks.Worker;

/// <summary>
/// Stands in for <see cref="Console.Out"/> or <see cref="Console.Error"/>: what a cell writes becomes <c>stream</c>
/// messages. Text is sent at each line end, before every display (see <see cref="OutputOrder"/>) and when the cell
/// ends, so console text and displays arrive in the order the cell produced them.
/// </summary>
internal sealed class ConsoleCapture : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly string _name;
    private readonly ProtocolWriter _protocol;

    public ConsoleCapture(string name, ProtocolWriter protocol)
    {
        _name = name;
        _protocol = protocol;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            if (value == '\n')
            {
                SendPending();
            }
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _pending.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                SendPending();
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_gate)
        {
            SendPending();
        }
    }

    private void SendPending()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        var text = _pending.ToString();
        _pending.Clear();
        _protocol.Stream(_name, text);
    }
}
