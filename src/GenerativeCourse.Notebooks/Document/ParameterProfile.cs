namespace GenerativeCourse.Notebooks.Document;

/// <summary>
/// A named set of overrides a notebook declares for its parameters cell, for example <c>quick</c> (the profile the
/// tests run) or <c>full</c>. Schema in <see cref="CourseMetadata"/>.
/// </summary>
public sealed record ParameterProfile(string Name, IReadOnlyList<ParameterOverride> Overrides);
