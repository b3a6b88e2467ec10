using Portal.Forms.Conditions;

namespace Portal.Forms.Definitions;

/// <summary>After its page, jumps forward to another page when the condition holds, hiding the pages in between.</summary>
/// <param name="When">Condition over the answers given so far.</param>
/// <param name="TargetPageId">A later page of the same form.</param>
public sealed record SkipRule(Condition When, string TargetPageId);
