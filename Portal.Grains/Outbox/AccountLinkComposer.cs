using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Grains.Identity;
using Portal.Messaging.Notifications;
using Portal.Data.Identity;
using Portal.Data.Outbox;

namespace Portal.Grains.Outbox;

/// <summary>
/// Mails that carry a one-time link (password reset, finishing a registration). The token is made
/// when the mail is sent, so it is never stored, and it names the account only by its opaque id. The tokens come
/// from the host's ASP.NET Core Identity (its token providers and data-protection keys), resolved per mail.
/// </summary>
public sealed class AccountLinkComposer(AccountNotice notice, IServiceScopeFactory scopes, PortalLinks links, IOptions<AccountLifetimeOptions> lifetimes, OutboxKind kind) : IOutboxMailComposer
{
    public OutboxKind Kind => kind;
    public static IEnumerable<OutboxKind> Kinds => [OutboxKind.PasswordReset, OutboxKind.RegistrationLink, OutboxKind.RegistrationExists, OutboxKind.AccountInvitation];

    /// <summary>The token provider and purpose of invitation links (the web host registers the provider with its own lifetime).</summary>
    public const string InvitationProvider = "Invitation", InvitationPurpose = "accept-invitation";

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(row.RecipientId.ToString());
        if (user is null)
            return null;

        switch (kind)
        {
            case OutboxKind.PasswordReset:
                var reset = await users.GeneratePasswordResetTokenAsync(user);
                return notice.Compose(recipientAddress, "Reset your password",
                    ["Someone (we hope you) asked to reset the password of your patient portal account.",
                     "The link below works once and for 30 minutes. If you did not ask, ignore this email: your password stays as it is."],
                    ("Choose a new password", links.PasswordResetPath(user.Id, reset)), messageId);
            case OutboxKind.RegistrationLink:
                var confirm = await users.GenerateEmailConfirmationTokenAsync(user);
                return notice.Compose(recipientAddress, "Finish creating your account",
                    ["Someone (we hope you) asked to create a patient portal account with this email address.",
                     "The link below works once and for 30 minutes. If you did not ask, ignore this email."],
                    ("Finish creating your account", links.CompleteRegistrationPath(user.Id, confirm)), messageId);
            case OutboxKind.AccountInvitation:
                // Sent again with a new stamp, an invitation's earlier links stop working; accepted, it sends nothing.
                if (user.PasswordHash is not null || user.InvitedUtc is null)
                    return null;
                var invitation = await users.GenerateUserTokenAsync(user, InvitationProvider, InvitationPurpose);
                return notice.Compose(recipientAddress, "You are invited to the patient portal",
                    ["Your organisation's patient portal has created an account for you with this email address.",
                     $"The link below works once and for {AccountLifetimeOptions.Describe(lifetimes.Value.InvitationLifetime)}. You will choose a password, then set up a second sign-in step (an authenticator app or a passkey). If you did not expect this, ignore this email."],
                    ("Accept the invitation", links.AcceptInvitationPath(user.Id, invitation)), messageId);
            case OutboxKind.RegistrationExists:
                return notice.Compose(recipientAddress, "You already have an account",
                    ["Someone just tried to create a patient portal account with this email address, which already has one.",
                     "If it was you, sign in, or reset your password if you have forgotten it. If not, you need do nothing."],
                    ("Sign in", links.SignInPath()), messageId);
            default:
                throw new InvalidOperationException($"No account link mail for {kind}.");
        }
    }
}
