namespace GenerativeCourse.Notebooks.Execution.NuGet;

/// <summary>A package a restore resolved (asked for or pulled in by another package) and the version it picked.</summary>
/// <param name="Name">The package id as the package spells it.</param>
/// <param name="Version">The resolved version, normalised by NuGet (<c>0.107.0</c>, not <c>0.107</c>).</param>
public sealed record RestoredPackage(string Name, string Version);
