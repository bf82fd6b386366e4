namespace Strata.Compilation;

/// <summary>One C# source file to compile.</summary>
/// <param name="Path">
/// A name for diagnostics and stack traces only (for example <c>word_count.cs</c>); nothing is read from it.
/// </param>
/// <param name="Text">The C# source text.</param>
public sealed record SourceFile(string Path, string Text);
