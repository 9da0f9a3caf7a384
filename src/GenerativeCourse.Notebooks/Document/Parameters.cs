using System.Text;
using System.Text.Json.Nodes;

namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// Papermill's parameters for C# notebooks. The cell tagged <c>parameters</c> declares the variables a run may change
/// (<c>var epochs = 30;</c>); a run injects a new cell right after it, tagged <c>injected-parameters</c>, that reassigns
/// them (<c>epochs = 3;</c>), so the notebook runs as written except for those values. Overrides come from a named
/// profile in the parameters cell's metadata (schema in <see cref="CourseMetadata"/>) and from the command line.
/// </summary>
public static class Parameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedParametersTag = "injected-parameters";

    /// <summary>Index of the cell tagged <c>parameters</c>, or -1.</summary>
    public static int FindParametersCell(Notebook notebook) => notebook.IndexOfTag(ParametersTag);

    /// <summary>
    /// The profiles of <c>metadata.gencourse.profiles</c> in the parameters cell, in file order; none if the notebook
    /// has no parameters cell or declares no profiles. A profile that is not an object, or a value that is not a
    /// number, true/false or a string, is a problem naming the file, the cell and the key.
    /// </summary>
    public static DocumentResult<IReadOnlyList<ParameterProfile>> ReadProfiles(Notebook notebook)
    {
        var index = FindParametersCell(notebook);
        if (index < 0)
        {
            return DocumentResult<IReadOnlyList<ParameterProfile>>.Success([]);
        }

        var problems = new List<NotebookProblem>();
        void Problem(string message) => problems.Add(NotebookProblem.InCell(notebook.FilePath, index, message));

        var metadata = notebook.Cells[index].Metadata;
        var path = $"metadata.{CourseMetadata.Key}";
        if (!metadata.TryGetPropertyValue(CourseMetadata.Key, out var courseNode))
        {
            return DocumentResult<IReadOnlyList<ParameterProfile>>.Success([]);
        }

        if (courseNode is not JsonObject course)
        {
            Problem($"{path} must be an object, found {JsonText.Describe(courseNode)}");
            return DocumentResult<IReadOnlyList<ParameterProfile>>.Failure(problems);
        }

        path += $".{CourseMetadata.ProfilesKey}";
        if (!course.TryGetPropertyValue(CourseMetadata.ProfilesKey, out var profilesNode))
        {
            return DocumentResult<IReadOnlyList<ParameterProfile>>.Success([]);
        }

        if (profilesNode is not JsonObject profiles)
        {
            Problem($"{path} must be an object of profile name to overrides, for example {{\"quick\": {{\"epochs\": 1}}}}, found {JsonText.Describe(profilesNode)}");
            return DocumentResult<IReadOnlyList<ParameterProfile>>.Failure(problems);
        }

        var result = new List<ParameterProfile>();
        foreach (var (name, profileNode) in profiles)
        {
            if (!Profiles.Declarable.Contains(name))
            {
                Problem(name == Profiles.Default
                    ? $"{path}.{name}: the default profile is the parameters cell as written and cannot be declared; declare only {Profiles.Quick} and {Profiles.Full}"
                    : $"{path}.{name}: {Profiles.UnknownMessage(name)} (declare only {Profiles.Quick} and {Profiles.Full})");
                continue;
            }

            if (profileNode is not JsonObject values)
            {
                Problem($"{path}.{name} must be an object of variable name to value, found {JsonText.Describe(profileNode)}");
                continue;
            }

            var overrides = new List<ParameterOverride>();
            foreach (var (variable, valueNode) in values)
            {
                if (!ParameterOverride.IsIdentifier(variable))
                {
                    Problem($"{path}.{name}: \"{variable}\" is not a C# variable name");
                }
                else if (ParameterValue.FromJson(valueNode) is { } value)
                {
                    overrides.Add(new ParameterOverride(variable, value));
                }
                else
                {
                    Problem($"{path}.{name}.{variable} must be a number, true/false or a string, found {JsonText.Describe(valueNode)}");
                }
            }

            result.Add(new ParameterProfile(name, overrides));
        }

        return problems.Count == 0
            ? DocumentResult<IReadOnlyList<ParameterProfile>>.Success(result)
            : DocumentResult<IReadOnlyList<ParameterProfile>>.Failure(problems);
    }

    /// <summary>
    /// The overrides of profile <paramref name="name"/> (<see cref="Profiles"/>): <see cref="Profiles.Default"/> has none
    /// (the notebook as written); <see cref="Profiles.Quick"/> and <see cref="Profiles.Full"/> have those their metadata
    /// declares, none when undeclared. Any profile but the default first sets <see cref="Profiles.Variable"/> when the
    /// parameters cell declares it. Another name, or a badly declared profile, is a problem.
    /// </summary>
    public static DocumentResult<ParameterProfile> SelectProfile(Notebook notebook, string name)
    {
        if (!Profiles.Names.Contains(name))
        {
            return DocumentResult<ParameterProfile>.Failure(NotebookProblem.InFile(notebook.FilePath, $"cannot run with profile \"{name}\": {Profiles.UnknownMessage(name)}"));
        }

        var profiles = ReadProfiles(notebook);
        if (!profiles.Succeeded)
        {
            return DocumentResult<ParameterProfile>.Failure(profiles.Problems);
        }

        if (name == Profiles.Default)
        {
            return DocumentResult<ParameterProfile>.Success(new ParameterProfile(name, []));
        }

        var index = FindParametersCell(notebook);
        var declaresProfile = index >= 0 && ParameterDeclarations.Find(KernelResolution.Resolve(notebook, index).Code).Any(d => d.Name == Profiles.Variable);
        IReadOnlyList<ParameterOverride> naming = declaresProfile ? [new ParameterOverride(Profiles.Variable, ParameterValue.String(name))] : [];
        var declared = profiles.Value.FirstOrDefault(profile => profile.Name == name)?.Overrides ?? [];
        return DocumentResult<ParameterProfile>.Success(new ParameterProfile(name, Combine(naming, declared)));
    }

    /// <summary>
    /// Joins override lists, later lists winning (a profile, then the command line). A name keeps the position of its
    /// first appearance.
    /// </summary>
    public static IReadOnlyList<ParameterOverride> Combine(params IEnumerable<ParameterOverride>[] layers)
    {
        var combined = new List<ParameterOverride>();
        foreach (var item in layers.SelectMany(layer => layer))
        {
            var existing = combined.FindIndex(other => other.Name == item.Name);
            if (existing >= 0)
            {
                combined[existing] = item;
            }
            else
            {
                combined.Add(item);
            }
        }

        return combined;
    }

    /// <summary>
    /// Injects the overrides as a new code cell right after the parameters cell, tagged <c>injected-parameters</c>,
    /// first removing cells injected by an earlier run (papermill semantics). Each override must name a variable the
    /// parameters cell declares and fit its declared type; the cell is not changed otherwise. With no overrides the
    /// cell still records that the run used the notebook's values.
    /// </summary>
    /// <param name="notebook">The notebook to change.</param>
    /// <param name="overrides">Later entries for the same name win.</param>
    /// <param name="profileName">Named in the injected cell's comment, to record which profile ran.</param>
    /// <returns>The injected cell, or the problems (the notebook is then unchanged).</returns>
    public static DocumentResult<NotebookCell> Inject(Notebook notebook, IEnumerable<ParameterOverride> overrides, string? profileName = null)
    {
        var index = FindParametersCell(notebook);
        if (index < 0)
        {
            return DocumentResult<NotebookCell>.Failure(NotebookProblem.InFile(
                notebook.FilePath,
                $"has no cell tagged \"{ParametersTag}\", so parameters cannot be injected; tag the cell that declares them (var epochs = 30;)"));
        }

        var parametersKernel = KernelResolution.Resolve(notebook, index);
        var declarations = ParameterDeclarations.Find(parametersKernel.Code);
        var problems = new List<NotebookProblem>();
        var source = new StringBuilder("// Injected parameters");
        source.Append(profileName is null ? "" : $" (profile \"{profileName}\")");
        foreach (var item in Combine(overrides))
        {
            var declaration = declarations.FirstOrDefault(declared => declared.Name == item.Name);
            if (declaration is null)
            {
                var known = declarations.Count == 0 ? "none" : string.Join(", ", declarations.Select(declared => declared.Name));
                problems.Add(NotebookProblem.InCell(notebook.FilePath, index, $"declares no variable \"{item.Name}\" to override (it declares: {known})"));
                continue;
            }

            var (literal, error) = declaration.LiteralFor(item.Value);
            if (literal is null)
            {
                problems.Add(NotebookProblem.InCell(
                    notebook.FilePath, index, $"\"{item.Name}\" is declared as {declaration.Type}: {error}, so {item.Value.ToCSharpLiteral()} does not fit"));
                continue;
            }

            source.Append('\n').Append(item.Name).Append(" = ").Append(literal).Append(';');
        }

        if (problems.Count > 0)
        {
            return DocumentResult<NotebookCell>.Failure(problems);
        }

        notebook.Cells.RemoveAll(cell => cell.HasTag(InjectedParametersTag));
        index = FindParametersCell(notebook);
        var kernel = parametersKernel.IsCSharp ? PolyglotMetadata.CSharpKernelName : parametersKernel.Name;
        var injected = NotebookCell.Code(source.ToString(), kernel);
        injected.AddTag(InjectedParametersTag);
        if (notebook.UsesCellIds)
        {
            injected.Id = notebook.UniqueCellId(InjectedParametersTag);
        }

        notebook.InsertCell(index + 1, injected);
        return DocumentResult<NotebookCell>.Success(injected);
    }
}
