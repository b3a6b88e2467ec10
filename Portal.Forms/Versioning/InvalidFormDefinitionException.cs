using Portal.Forms.Definitions;

namespace Portal.Forms.Versioning;

/// <summary>A definition that cannot be published because it is inconsistent.</summary>
public sealed class InvalidFormDefinitionException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public InvalidFormDefinitionException(IReadOnlyList<DefinitionProblem> problems)
        : base("The form cannot be published: " + string.Join(" ", problems.Select(p => p.Message)))
    {
        Problems = problems;
    }

    /// <summary>Everything wrong with the definition.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; }
}
