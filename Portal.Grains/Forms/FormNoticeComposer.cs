using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Grains.Outbox;
using Portal.Messaging.Notifications;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Tells a patient a form is waiting, due soon or overdue. The mail names no form (a form's title can reveal why a
/// person is in care), only that something waits in the portal, with a link. Nothing is sent once the form is submitted.
/// </summary>
public sealed class FormNoticeComposer(AccountNotice notice, IDbContextFactory<PortalDbContext> dbFactory, PortalLinks links, OutboxKind kind) : IOutboxMailComposer
{
    public static IEnumerable<OutboxKind> Kinds => [OutboxKind.FormAssigned, OutboxKind.FormDueSoon, OutboxKind.FormOverdue];

    public OutboxKind Kind => kind;

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.FormAssignments.AnyAsync(a => a.Id == row.ReferenceId && a.SubmittedUtc == null, cancellationToken);
        if (!open)
            return null;
        var (subject, text) = kind switch
        {
            OutboxKind.FormAssigned => ("You have a form to fill in", "Your care team has asked you to fill in a form in your patient portal."),
            OutboxKind.FormDueSoon => ("Reminder: a form is due soon", "A form your care team asked you to fill in is due soon."),
            OutboxKind.FormOverdue => ("Reminder: a form is overdue", "A form your care team asked you to fill in is now past its due date. You can still fill it in."),
            _ => throw new InvalidOperationException($"No form notice for {kind}."),
        };
        return notice.Compose(recipientAddress, subject, [text, "For your privacy, this email does not say which form it is."],
            ("Open the form", links.FormAssignmentPath(row.ReferenceId)), messageId);
    }
}
