using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>A value shown with <c>display(x)</c> or <c>x.Display()</c> (<c>"output_type": "display_data"</c>).</summary>
public sealed class DisplayDataOutput : RichOutput
{
    public DisplayDataOutput(MimeBundle data, JsonObject? metadata = null)
        : base(data, metadata)
    {
    }

    public override string OutputType => "display_data";
}
