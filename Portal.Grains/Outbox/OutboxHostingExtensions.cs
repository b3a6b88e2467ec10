using Microsoft.Extensions.DependencyInjection;

namespace Portal.Grains.Outbox;

public static class OutboxHostingExtensions
{
    /// <summary>
    /// The transactional outbox and the composers of every mail it sends about a patient's inbox or an account:
    /// portal notices, whole messages over TLS, S/MIME and OpenPGP, and account-security mail. Links come from
    /// <see cref="PortalLinks"/>, whose page templates the web host sets.
    /// </summary>
    public static IServiceCollection AddPortalOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<PortalLinks>();
        services.AddSingleton<IOutboxMailComposer, SecureMessageNoticeComposer>();
        services.AddSingleton<IOutboxMailComposer, TlsMessageComposer>();
        foreach (var kind in EncryptedMessageComposer.Kinds)
            services.AddSingleton<IOutboxMailComposer>(sp => ActivatorUtilities.CreateInstance<EncryptedMessageComposer>(sp, kind));
        foreach (var kind in AccountLinkComposer.Kinds)
            services.AddSingleton<IOutboxMailComposer>(sp => ActivatorUtilities.CreateInstance<AccountLinkComposer>(sp, kind));
        foreach (var kind in AccountNoticeComposer.Kinds)
            services.AddSingleton<IOutboxMailComposer>(sp => ActivatorUtilities.CreateInstance<AccountNoticeComposer>(sp, kind));
        return services;
    }
}
