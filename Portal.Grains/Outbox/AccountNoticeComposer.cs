using Portal.Grains.Audit;
using Portal.Messaging.Notifications;
using Portal.Data.Outbox;

namespace Portal.Grains.Outbox;

/// <summary>The fixed texts of account-security notices. Each states what happened and what to do if it was not you.</summary>
public sealed class AccountNoticeComposer(AccountNotice notice, PortalLinks links, OutboxKind kind) : IOutboxMailComposer
{
    public OutboxKind Kind => kind;

    public static IEnumerable<OutboxKind> Kinds => [OutboxKind.RecoveryCodeUsed, OutboxKind.NewSignIn, OutboxKind.PasswordChanged, OutboxKind.BreakGlassAlert, OutboxKind.FactorChanged,
        OutboxKind.RoleChanged, OutboxKind.AccountDeactivated, OutboxKind.AccountReactivated];

    private const string NotYou = "If this was not you, sign in, change your password and generate new recovery codes, or contact the practice.";

    public Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        var (subject, paragraphs) = kind switch
        {
            OutboxKind.RecoveryCodeUsed => ("A recovery code was used on your account",
                new[] { "A recovery code was just used to sign in to your patient portal account. That code cannot be used again.", NotYou }),
            OutboxKind.NewSignIn => ("New sign-in to your account",
                new[] { "Your patient portal account was just signed in to from a browser or network it has not used before.", NotYou }),
            OutboxKind.PasswordChanged => ("Your password was changed",
                new[] { "The password of your patient portal account was just changed, and your other sessions were signed out.", NotYou }),
            OutboxKind.FactorChanged => ("Your sign-in methods changed",
                new[] { "A passkey, authenticator app or set of recovery codes of your patient portal account was just added, removed or replaced, and your other sessions were signed out.", NotYou }),
            OutboxKind.RoleChanged => ("Your role in the patient portal changed",
                new[] { "An administrator changed what your patient portal account may do, and signed it out everywhere. Sign in again to continue.",
                        "If you did not expect this, contact your administrator." }),
            OutboxKind.AccountDeactivated => ("Your patient portal account was deactivated",
                new[] { "An administrator deactivated your patient portal account and signed it out everywhere. It cannot sign in until it is reactivated.",
                        "If you did not expect this, contact your administrator." }),
            OutboxKind.AccountReactivated => ("Your patient portal account was reactivated",
                new[] { "An administrator reactivated your patient portal account: you can sign in again.", NotYou }),
            OutboxKind.BreakGlassAlert => ("Emergency access was used",
                new[] { "A staff member just used emergency (break-glass) access to open a patient record outside their care team.",
                        "Review the stated reason and what was opened in the audit log." }),
            _ => throw new InvalidOperationException($"No account notice for {kind}."),
        };
        var action = kind == OutboxKind.BreakGlassAlert
            ? ("Open the audit log", links.AuditLogPath(AuditActions.BreakGlassGranted))
            : ("Sign in", links.SignInPath());
        return Task.FromResult<ComposedMail?>(notice.Compose(recipientAddress, subject, paragraphs, action, messageId));
    }
}
