using System.Text;

namespace Portal.Messaging.Delivery;

/// <summary>One recipient's block of a delivery status notification (RFC 3464 section 2.3).</summary>
/// <param name="FinalRecipient">The address the report is about (Final-Recipient, without the "rfc822;" type).</param>
/// <param name="OriginalRecipient">The address as originally given (Original-Recipient), when reported.</param>
/// <param name="Action">failed, delayed, delivered, relayed or expanded.</param>
/// <param name="Status">The enhanced status code, such as 5.1.1.</param>
/// <param name="DiagnosticCode">The remote server's reply (Diagnostic-Code) with email addresses redacted.</param>
/// <param name="RemoteMta">The server that gave the reply (Remote-MTA), when reported.</param>
public sealed record DsnRecipient(
    string? FinalRecipient,
    string? OriginalRecipient,
    DsnAction Action,
    string? Status,
    string? DiagnosticCode,
    string? RemoteMta)
{
    /// <summary>Hard for a failure with a 5.x.x status; soft for a delay or any 4.x.x status; otherwise none.</summary>
    public BounceKind Kind => Action switch
    {
        DsnAction.Failed when Status?.StartsWith('5') == true => BounceKind.Hard,
        // A failure without a permanent status (an expired retry queue, usually) says nothing bad about the address.
        DsnAction.Failed => BounceKind.Soft,
        DsnAction.Delayed => BounceKind.Soft,
        _ when Status?.StartsWith('4') == true => BounceKind.Soft,
        _ => BounceKind.None,
    };

    // Records print every property; the addresses are left out so a logged record leaks none.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Action = {Action}, Status = {Status}, Kind = {Kind}, DiagnosticCode = {DiagnosticCode}, RemoteMta = {RemoteMta}");
        return true;
    }
}
