using System.Text.RegularExpressions;

namespace Portal.Web.Features.FormBuilder;

/// <summary>Form ids arrive in URLs; anything not shaped like one is answered as "not found" before any lookup.</summary>
public static partial class FormIds
{
    public static bool IsWellFormed(string? formId) => formId is not null && Shape().IsMatch(formId);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
