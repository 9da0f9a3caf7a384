using System.Text.Json.Nodes;
using GenerativeCourse.Notebooks.Document;

namespace GenerativeCourse.Notebooks.Tests.Document;

public class ParametersTests
{
    private static readonly ParameterOverride[] _overrides =
    [
        new("epochs", ParameterValue.Int(3)),
        new("learningRate", ParameterValue.Double(0.5)),
        new("runName", ParameterValue.String("a \"b\"\n")),
        new("plot", ParameterValue.Bool(false)),
    ];

    [Fact]
    public void FindsTheCellTaggedParameters()
    {
        Assert.Equal(2, Parameters.FindParametersCell(Fixture.Read("polyglot-clean.ipynb")));
        Assert.Equal(-1, Parameters.FindParametersCell(Fixture.Read("polyglot-legacy.ipynb")));
    }

    [Fact]
    public void InjectsTypedAssignmentsRightAfterTheParametersCell()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        var injected = Fixture.Succeed(Parameters.Inject(notebook, _overrides));

        Assert.Equal(6, notebook.Cells.Count);
        Assert.Same(injected, notebook.Cells[3]);
        Assert.Equal(
            "// Injected parameters\nepochs = 3;\nlearningRate = 0.5;\nrunName = \"a \\\"b\\\"\\n\";\nplot = false;",
            injected.Source);
        Assert.Equal(["injected-parameters"], injected.Tags);
        Assert.Equal("injected-parameters", injected.Id);
        Assert.Equal(CellKind.Code, injected.Kind);
        Assert.True(KernelResolution.Resolve(notebook, 3).IsCSharp);
        Assert.Equal("train", notebook.Cells[4].Id);
    }

    [Fact]
    public void ReinjectingReplacesTheEarlierInjection()
    {
        var notebook = Fixture.Read("polyglot-executed.ipynb");

        var injected = Fixture.Succeed(Parameters.Inject(notebook, [new("epochs", ParameterValue.Int(7))], "full"));

        Assert.Single(notebook.Cells, cell => cell.HasTag(Parameters.InjectedParametersTag));
        Assert.Same(injected, notebook.Cells[Parameters.FindParametersCell(notebook) + 1]);
        Assert.Equal("// Injected parameters (profile \"full\")\nepochs = 7;", injected.Source);
        Assert.Equal("injected-parameters", injected.Id);
    }

    [Fact]
    public void IdsStayUniqueAndDeterministic()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        notebook.Cells[0].Id = "injected-parameters";

        var injected = Fixture.Succeed(Parameters.Inject(notebook, []));

        Assert.Equal("injected-parameters-2", injected.Id);
        Assert.Equal("// Injected parameters", injected.Source);
    }

    [Fact]
    public void NotebooksWithoutCellIdsGetNoId()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        notebook.FormatMinor = 4;

        Assert.Null(Fixture.Succeed(Parameters.Inject(notebook, _overrides)).Id);
    }

    [Theory]
    [InlineData("runName", 3L, "runName = \"3\";")]          // a string variable takes any value as text
    [InlineData("epochs", 2.0, "epochs = 2;")]               // a whole double fits an int variable
    [InlineData("learningRate", 1L, "learningRate = 1;")]    // an int converts to double implicitly
    [InlineData("lr32", 0.5, "lr32 = 0.5f;")]
    [InlineData("lr32", 2L, "lr32 = 2f;")]
    [InlineData("money", 0.1, "money = 0.1m;")]
    [InlineData("label", true, "label = true;")]             // declared with a type we do not know: the value's own literal
    public void AnOverrideIsWrittenToFitTheDeclaredType(string name, object value, string expected)
    {
        var notebook = WithParameters("var epochs = 30;\nvar learningRate = 1e-3; var runName = \"vae\";\nfloat lr32 = 0.1f;\nconst decimal money = 1m;\nLabel label = Label.None;");
        var typed = value switch
        {
            long integer => ParameterValue.Int(integer),
            double real => ParameterValue.Double(real),
            _ => ParameterValue.Bool((bool)value),
        };

        var injected = Fixture.Succeed(Parameters.Inject(notebook, [new(name, typed)]));

        Assert.Equal($"// Injected parameters\n{expected}", injected.Source);
    }

    [Fact]
    public void AnOverrideThatDoesNotFitIsAProblemAndChangesNothing()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        var result = Parameters.Inject(notebook, [
            new("epochs", ParameterValue.Double(2.5)),
            new("plot", ParameterValue.Int(1)),
            new("learningRate", ParameterValue.String("fast")),
            new("epoch", ParameterValue.Int(1)),
        ]);

        Assert.Equal(5, notebook.Cells.Count);
        Assert.Equal(
            [
                "\"epochs\" is declared as int: it takes only whole numbers, so 2.5 does not fit",
                "\"plot\" is declared as bool: it takes only true or false, so 1 does not fit",
                "\"learningRate\" is declared as double: it takes only numbers, so \"fast\" does not fit",
                "declares no variable \"epoch\" to override (it declares: epochs, learningRate, runName, plot)",
            ],
            result.Problems.Select(problem => problem.Message));
        Assert.All(result.Problems, problem => Assert.Equal((Fixture.PathOf("polyglot-clean.ipynb"), 2), (problem.File, problem.CellIndex)));
    }

    [Fact]
    public void WithoutAParametersCellNothingCanBeInjected()
    {
        var notebook = Fixture.Read("polyglot-legacy.ipynb");

        var problem = Assert.Single(Parameters.Inject(notebook, _overrides).Problems);

        Assert.Contains("no cell tagged \"parameters\"", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, notebook.Cells.Count);
    }

    [Fact]
    public void ReadsProfilesFromTheParametersCellMetadata()
    {
        var profiles = Fixture.Succeed(Parameters.ReadProfiles(Fixture.Read("polyglot-clean.ipynb")));

        Assert.Equal(["quick", "full"], profiles.Select(profile => profile.Name));
        Assert.Equal(
            [
                new ParameterOverride("epochs", ParameterValue.Int(1)),
                new ParameterOverride("learningRate", ParameterValue.Double(0.01)),
                new ParameterOverride("runName", ParameterValue.String("quick run")),
            ],
            profiles[0].Overrides);
        Assert.Empty(profiles[1].Overrides);
    }

    [Fact]
    public void AProfileIsSelectedByNameAndOnlyTheThreeNamesExist()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");

        Assert.Equal(3, Fixture.Succeed(Parameters.SelectProfile(notebook, "quick")).Overrides.Count);
        Assert.Empty(Fixture.Succeed(Parameters.SelectProfile(notebook, "default")).Overrides);
        var problem = Assert.Single(Parameters.SelectProfile(notebook, "tiny").Problems);
        Assert.Equal("cannot run with profile \"tiny\": \"tiny\" is not a profile; the profiles are quick, default and full", problem.Message);
        Assert.Empty(Fixture.Succeed(Parameters.SelectProfile(WithParameters("var a = 1;"), "quick")).Overrides);
    }

    [Fact]
    public void AProfileSetsTheProfileVariableWhenTheCellDeclaresIt()
    {
        var notebook = WithParameters("var profile = \"default\";\nvar a = 1;");

        var full = Fixture.Succeed(Parameters.SelectProfile(notebook, "full"));

        Assert.Equal([new ParameterOverride("profile", ParameterValue.String("full"))], full.Overrides);
    }

    [Theory]
    [InlineData("default", "the default profile is the parameters cell as written and cannot be declared")]
    [InlineData("tiny", "\"tiny\" is not a profile; the profiles are quick, default and full (declare only quick and full)")]
    public void OnlyQuickAndFullCanBeDeclared(string name, string expected)
    {
        var notebook = WithParameters("var a = 1;", new JsonObject { ["profiles"] = new JsonObject { [name] = new JsonObject { ["a"] = 2 } } });

        var problem = Assert.Single(Parameters.ReadProfiles(notebook).Problems);

        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotebooksWithoutProfilesHaveNone()
    {
        Assert.Empty(Fixture.Succeed(Parameters.ReadProfiles(Fixture.Read("polyglot-legacy.ipynb"))));
        Assert.Empty(Fixture.Succeed(Parameters.ReadProfiles(WithParameters("var a = 1;"))));
    }

    [Theory]
    [InlineData("""{"profiles": []}""", "metadata.gencourse.profiles must be an object of profile name to overrides")]
    [InlineData("""{"profiles": {"quick": 1}}""", "metadata.gencourse.profiles.quick must be an object of variable name to value, found a number")]
    [InlineData("""{"profiles": {"quick": {"epochs": [1]}}}""", "metadata.gencourse.profiles.quick.epochs must be a number, true/false or a string, found a list")]
    [InlineData("""{"profiles": {"quick": {"epochs": null}}}""", "metadata.gencourse.profiles.quick.epochs must be a number, true/false or a string, found null")]
    [InlineData("""{"profiles": {"quick": {"2fast": 1}}}""", "metadata.gencourse.profiles.quick: \"2fast\" is not a C# variable name")]
    [InlineData("\"quick\"", "metadata.gencourse must be an object, found a string")]
    public void MalformedProfilesAreProblemsNamingTheCellAndKey(string gencourse, string expected)
    {
        var notebook = WithParameters("var epochs = 1;");
        notebook.Cells[1].Metadata["gencourse"] = JsonNode.Parse(gencourse);

        var problem = Assert.Single(Parameters.ReadProfiles(notebook).Problems);

        Assert.StartsWith(expected, problem.Message, StringComparison.Ordinal);
        Assert.Equal(("params.ipynb", 1), (problem.File, problem.CellIndex));
    }

    [Fact]
    public void LaterOverridesWinAndKeepTheFirstPosition()
    {
        var combined = Parameters.Combine(
            [new("epochs", ParameterValue.Int(1)), new("lr", ParameterValue.Double(0.1))],
            [new("lr", ParameterValue.Double(0.2)), new("name", ParameterValue.String("x"))]);

        Assert.Equal(["epochs = 1;", "lr = 0.2;", "name = \"x\";"], combined.Select(item => item.ToCSharpAssignment()));
    }

    [Fact]
    public void AProfileInjectedAndSavedReadsBackIdentically()
    {
        var notebook = Fixture.Read("polyglot-clean.ipynb");
        var quick = Fixture.Succeed(Parameters.SelectProfile(notebook, "quick"));
        Fixture.Succeed(Parameters.Inject(notebook, quick.Overrides, quick.Name));

        var json = IpynbWriter.Serialize(notebook);
        var reread = Fixture.Parse(json);

        Assert.Equal(json, IpynbWriter.Serialize(reread));
        Assert.Equal(
            "// Injected parameters (profile \"quick\")\nepochs = 1;\nlearningRate = 0.01;\nrunName = \"quick run\";",
            reread.Cells[3].Source);
    }

    private static Notebook WithParameters(string source, JsonObject? course = null)
    {
        var notebook = Notebook.CreateCSharp();
        notebook.FilePath = "params.ipynb";
        notebook.AddCell(NotebookCell.Code("Course.Setup();"));
        var parameters = NotebookCell.Code(source);
        parameters.AddTag(Parameters.ParametersTag);
        if (course is not null)
        {
            parameters.Metadata[CourseMetadata.Key] = course;
        }

        notebook.AddCell(parameters);
        return notebook;
    }
}
