using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// Markdown cells to HTML with Markdig: its advanced extensions (pipe tables, footnotes, task lists, …) including the
/// math extension, which keeps <c>$…$</c> and <c>$$…$$</c> away from the emphasis and escape rules and writes them as
/// <c>&lt;span class="math"&gt;\(…\)&lt;/span&gt;</c> and <c>&lt;div class="math"&gt;\[…\]&lt;/div&gt;</c> for KaTeX to typeset in the browser
/// (<c>$$…$$</c> within a line is display math too: <see cref="DisplayMathExtension"/>).
/// </summary>
/// <remarks>
/// Generic attributes (<c>{#id .class}</c> after a block) are left out: they would read LaTeX such as
/// <c>\begin{align}</c> as an attribute list and drop it. Raw HTML in Markdown is kept, as Jupyter renders it.
/// </remarks>
internal static class MarkdownHtml
{
    private static readonly MarkdownPipeline _pipeline = CreatePipeline();

    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, _pipeline);

    /// <summary>The text of the first level-1 heading (<c># Title</c>), math as its TeX source; null if there is none.</summary>
    public static string? FirstTitle(string markdown)
    {
        var heading = Markdown.Parse(markdown, _pipeline).Descendants<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        if (heading?.Inline is null)
        {
            return null;
        }

        var title = string.Concat(heading.Inline.Descendants<Inline>().Select(LeafText)).Trim();
        return title.Length > 0 ? title : null;
    }

    private static string LeafText(Inline inline) => inline switch
    {
        LiteralInline literal => literal.Content.ToString(),
        CodeInline code => code.Content,
        Markdig.Extensions.Mathematics.MathInline math => math.Content.ToString(),
        LineBreakInline => " ",
        _ => "",
    };

    private static MarkdownPipeline CreatePipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions();
        builder.Extensions.RemoveAll(extension => extension is GenericAttributesExtension);
        builder.Extensions.Add(new DisplayMathExtension());
        return builder.Build();
    }
}
