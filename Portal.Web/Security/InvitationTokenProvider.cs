using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Invitation links live longer than reset and registration links (days, not 30 minutes), so they have their own
/// token provider and lifetime. A token is bound to the account's security stamp: accepting the invitation (which
/// sets a password) or sending it again spends every earlier link.
/// </summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider dataProtection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<PortalUser>> logger)
    : DataProtectorTokenProvider<PortalUser>(dataProtection, options, logger)
{
    public const string ProviderName = Portal.Grains.Outbox.AccountLinkComposer.InvitationProvider;
    public const string Purpose = Portal.Grains.Outbox.AccountLinkComposer.InvitationPurpose;
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions() => Name = InvitationTokenProvider.ProviderName;
}
