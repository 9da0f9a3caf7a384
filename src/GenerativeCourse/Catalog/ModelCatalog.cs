using GenerativeCourse.Catalog.Entries;

namespace GenerativeCourse.Catalog;

/// <summary>Every model of the course that <c>gencourse train</c> and <c>gencourse bench</c> know, by name.</summary>
public static class ModelCatalog
{
    /// <summary>The entries, in the order of the chapters.</summary>
    public static IReadOnlyList<CatalogEntry> All { get; } =
    [
        new FvsbnEntry(),
        new NadeEntry(),
        new MadeEntry(),
        new VaeEntry(),
        new DcganEntry(),
        new ConditionalGanEntry(),
        new RealNvpEntry(),
        new MafEntry(),
        new RbmEntry(),
        new PixelCnnEntry(),
        new DdpmEntry(),
    ];

    /// <summary>Names of all entries.</summary>
    public static IReadOnlyList<string> Names => All.Select(e => e.Name).ToArray();

    /// <summary>The entry called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CatalogEntry? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"Unknown model 'x'. Known models: fvsbn, nade, …."</summary>
    public static string UnknownModelMessage(string name) => $"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.";

    /// <summary>The entry called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such model; the message lists the known names.</exception>
    public static CatalogEntry Get(string name) =>
        Find(name) ?? throw new ArgumentException(UnknownModelMessage(name), nameof(name));
}
