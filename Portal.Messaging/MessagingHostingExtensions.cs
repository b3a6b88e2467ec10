using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Messaging.Notifications;
using Portal.Messaging.Sending;

namespace Portal.Messaging;

/// <summary>Composition of the mail engine.</summary>
public static class MessagingHostingExtensions
{
    /// <summary>Registers notice composition and the mail transport chosen by <see cref="SmtpOptions"/>.</summary>
    public static IHostApplicationBuilder AddPortalMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton<SecureMessageNotice>();
        builder.Services.AddSingleton<AccountNotice>();
        builder.Services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmtpOptions>>();
            return string.IsNullOrWhiteSpace(options.Value.Host)
                ? new PickupDirectoryMailTransport(options)
                : new SmtpMailTransport(options);
        });
        return builder;
    }
}
