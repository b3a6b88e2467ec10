namespace Portal.Forms.Authoring;

/// <summary>An edit to a draft refused for a reason the form author can act on; the draft is left as it was.</summary>
/// <param name="message">What to tell the author.</param>
public sealed class FormEditException(string message) : Exception(message);
