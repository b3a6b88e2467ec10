namespace Portal.Forms.Definitions;

/// <summary>Something inconsistent in a form definition, found before it is published.</summary>
/// <param name="Path">Where the problem is, e.g. "pages[1].fields[3]".</param>
/// <param name="Message">What is wrong, for the form author.</param>
public sealed record DefinitionProblem(string Path, string Message);
