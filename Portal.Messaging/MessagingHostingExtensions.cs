using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Messaging.Dkim;
using Portal.Messaging.Notifications;
using Portal.Messaging.Policy;
using Portal.Messaging.Protection;
using Portal.Messaging.Sending;

namespace Portal.Messaging;

/// <summary>Composition of the mail engine.</summary>
public static class MessagingHostingExtensions
{
    /// <summary>
    /// Registers notice composition and the mail transport chosen by <see cref="SmtpOptions"/>;
    /// when <see cref="DkimOptions"/> names a domain, every message is DKIM-signed on its way out.
    /// </summary>
    public static IHostApplicationBuilder AddPortalMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddOptions<DkimOptions>().BindConfiguration(DkimOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddOptions<EncryptionPolicyOptions>().BindConfiguration(EncryptionPolicyOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<EncryptionPolicy>();
        builder.Services.AddOptions<SmimeOptions>().BindConfiguration(SmimeOptions.SectionName);
        builder.Services.AddSingleton<OrganisationSmime>();
        builder.Services.AddOptions<OpenPgpOptions>().BindConfiguration(OpenPgpOptions.SectionName);
        builder.Services.AddSingleton<OrganisationPgp>();
        builder.Services.AddHostedService<ProtectionKeysCheck>();
        builder.Services.AddSingleton<SecureMessageNotice>();
        builder.Services.AddSingleton<AccountNotice>();
        builder.Services.AddSingleton(sp => new DkimSigner(sp.GetRequiredService<IOptions<DkimOptions>>(), sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmtpOptions>>();
            IMailTransport transport = string.IsNullOrWhiteSpace(options.Value.Host)
                ? new PickupDirectoryMailTransport(options)
                : new SmtpMailTransport(options);
            return sp.GetRequiredService<IOptions<DkimOptions>>().Value.Enabled
                ? new DkimSigningMailTransport(transport, sp.GetRequiredService<DkimSigner>())
                : transport;
        });
        return builder;
    }
}
