namespace GenerativeCourse.Catalog;

/// <summary>
/// Marks an option that was added to a model's options record after checkpoints of that model existed, and whose default
/// value builds exactly the model from before (same layers, same parameters, same training). <see cref="RecipeText"/>
/// leaves such a property out while it holds the default of its constructor parameter and prints it otherwise, so the
/// text stays a one-to-one name of the model: a recipe that does not use the option keeps its text, and its checkpoints
/// still load, while one that does gets a new text and is retrained.
/// </summary>
/// <remarks>Put it on the positional parameter of a record with <c>[property: OmittedAtDefault]</c>; the parameter must
/// have a default value (<see cref="RecipeText"/> says so otherwise).</remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OmittedAtDefaultAttribute : Attribute;
