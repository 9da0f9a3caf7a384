using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace GenerativeCourse.Notebooks.Site;

/// <summary>
/// Makes <c>$$…$$</c> written within a line display math, as Jupyter and VS Code show it. Markdig's math extension
/// parses it as inline math and writes <c>\(…\)</c>, which KaTeX would typeset in text style; this writes <c>\[…\]</c>
/// for inline math with two delimiters. Add it after the math extension, whose renderer it replaces.
/// </summary>
internal sealed class DisplayMathExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new MathInlineRenderer());
        }
    }

    private sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline math)
        {
            var display = math.DelimiterCount >= 2;
            if (renderer.EnableHtmlForInline)
            {
                renderer.Write("<span").WriteAttributes(math).Write(display ? ">\\[" : ">\\(");
            }

            renderer.WriteEscape(ref math.Content);
            if (renderer.EnableHtmlForInline)
            {
                renderer.Write(display ? "\\]</span>" : "\\)</span>");
            }
        }
    }
}
