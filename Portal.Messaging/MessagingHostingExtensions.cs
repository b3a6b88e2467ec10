using Microsoft.Extensions.DependencyInjection;
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
    public static IServiceCollection AddPortalMessaging(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<DkimOptions>().BindConfiguration(DkimOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<EncryptionPolicyOptions>().BindConfiguration(EncryptionPolicyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<EncryptionPolicy>();
        services.AddOptions<SmimeOptions>().BindConfiguration(SmimeOptions.SectionName);
        services.AddSingleton<OrganisationSmime>();
        services.AddOptions<OpenPgpOptions>().BindConfiguration(OpenPgpOptions.SectionName);
        services.AddSingleton<OrganisationPgp>();
        services.AddHostedService<ProtectionKeysCheck>();
        services.AddSingleton<SecureMessageNotice>();
        services.AddSingleton<AccountNotice>();
        services.AddSingleton(sp => new DkimSigner(sp.GetRequiredService<IOptions<DkimOptions>>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmtpOptions>>();
            IMailTransport transport = string.IsNullOrWhiteSpace(options.Value.Host)
                ? new PickupDirectoryMailTransport(options)
                : new SmtpMailTransport(options);
            return sp.GetRequiredService<IOptions<DkimOptions>>().Value.Enabled
                ? new DkimSigningMailTransport(transport, sp.GetRequiredService<DkimSigner>())
                : transport;
        });
        return services;
    }
}
