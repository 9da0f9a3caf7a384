using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GenerativeCourse.Plots;

/// <summary>One box of <see cref="GenerativeModelMap"/>.</summary>
/// <param name="Id">Unique key, referred to by children's <paramref name="Parent"/>.</param>
/// <param name="Label">Text shown in the box.</param>
/// <param name="Parent">Id of the enclosing family; null for the root.</param>
/// <param name="Chapter">The course chapter that builds this model ("03"), or null.</param>
public sealed record ModelFamily(string Id, string Label, string? Parent, string? Chapter = null);

/// <summary>
/// The map of generative models the course follows, after the taxonomy of Goodfellow's NIPS 2016 tutorial
/// on GANs (figure 9): models that define p(x) explicitly — tractably (chain rule, change of variables) or
/// only approximately (variational bounds, Markov chains) — and models that only define how to sample
/// (implicit density). Each box says which chapter builds that model. Two branches postdate the tutorial: diffusion
/// models, whose reverse chain has a variational bound (Ho et al. 2020), and score-based models, which learn
/// ∇ log p(x) and sample with Langevin dynamics (Song &amp; Ermon 2019) without ever writing p(x) down.
/// </summary>
public static class GenerativeModelMap
{
    /// <summary>Colour of a box that a chapter covers.</summary>
    public const string CoveredColour = "#4C78A8";

    /// <summary>Colour of a family or of a model the course only mentions.</summary>
    public const string OtherColour = "#D9D9D9";

    /// <summary>The boxes, parents before children.</summary>
    public static IReadOnlyList<ModelFamily> Families { get; } =
    [
        new("root", "Generative models<br>(learn p(x))", null),
        new("explicit", "Explicit density<br>p(x) is written down", "root"),
        new("tractable", "Tractable density<br>exact log p(x)", "explicit"),
        new("chain", "Chain rule<br>(fully visible belief nets)", "tractable"),
        new("fvsbn", "FVSBN", "chain", "01"),
        new("nade", "NADE, MADE", "chain", "02"),
        new("pixelcnn", "PixelRNN / PixelCNN", "chain", "08"),
        new("flows", "Change of variables<br>(normalizing flows:<br>RealNVP, MAF)", "tractable", "05"),
        new("approximate", "Approximate density<br>bound or estimate of log p(x)", "explicit"),
        new("variational", "Variational", "approximate"),
        new("vae", "VAE", "variational", "03"),
        new("ddpm", "Diffusion (DDPM)", "variational", "09"),
        new("markov-explicit", "Markov chain", "approximate"),
        new("rbm", "Boltzmann machines<br>(RBM)", "markov-explicit", "07"),
        new("implicit", "Implicit density<br>only a sampler", "root"),
        new("direct", "Direct", "implicit"),
        new("gan", "GAN", "direct", "04"),
        new("markov-implicit", "Markov chain", "implicit"),
        new("gsn", "GSN", "markov-implicit", "09"),
        new("score", "Score-based<br>(score matching,<br>Langevin dynamics)", "implicit", "09"),
    ];

    /// <summary>
    /// The map as a horizontal icicle chart (a tree read from left to right): covered models in colour,
    /// with their chapter number. Chapter 06, which compares models, is named in the title.
    /// </summary>
    public static GenericChart Chart()
    {
        var families = Families;
        var colours = families.Select(f => Color.fromString(f.Chapter is null ? OtherColour : CoveredColour)).ToArray();
        var chart = CSharpChart.Icicle<string, string, double, string, string>(
            labels: families.Select(DisplayLabel),
            parents: families.Select(f => f.Parent ?? ""),
            Ids: families.Select(f => f.Id).ToArray(),
            SectionColors: colours,
            TextInfo: StyleParam.TextInfo.Label,
            TilingOrientation: StyleParam.Orientation.Horizontal);
        return chart
            .WithTitle("The map of generative models — coloured boxes are built in the chapter named; chapter 06 compares them")
            .WithSize(980, 620);
    }

    /// <summary>The box text: the label, and for a covered model its chapter in bold.</summary>
    public static string DisplayLabel(ModelFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.Chapter is { } chapter ? $"{family.Label}<br><b>chapter {chapter}</b>" : family.Label;
    }
}
