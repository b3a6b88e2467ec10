using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Grains.Outbox;
using Portal.Messaging.Delivery;
using Portal.Messaging.Dkim;
using Portal.Messaging.Sending;

namespace Portal.Grains.Delivery;

public static class DeliveryHostingExtensions
{
    /// <summary>
    /// The delivery pool: stateless worker grains fed by <see cref="DeliveryPump"/>, sending through
    /// the pooled SMTP route chosen by <see cref="DeliveryOptions.Route"/> (or the development pickup
    /// directory when no SMTP server is configured), bounce handling, List-Unsubscribe and health.
    /// </summary>
    public static IServiceCollection AddPortalDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpPoolOptions>().BindConfiguration(SmtpPoolOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.SectionName).Configure<IOptions<SmtpOptions>>((relay, smtp) =>
        {
            // Without a Delivery:Relay section the Smtp section names the relay, as it always has.
            if (!string.IsNullOrWhiteSpace(relay.Host)) return;
            relay.Host = smtp.Value.Host;
            relay.Port = smtp.Value.Port;
            relay.Security = smtp.Value.Security;
            relay.UserName = smtp.Value.UserName;
            relay.Password = smtp.Value.Password;
        })
        .Validate<IOptions<DeliveryOptions>, IOptions<SmtpOptions>>(
            (relay, delivery, smtp) => delivery.Value.Route == DeliveryRoute.Direct || !string.IsNullOrWhiteSpace(relay.Host) || !string.IsNullOrWhiteSpace(smtp.Value.PickupDirectory),
            "Set Delivery:Relay:Host or Smtp:Host (or, in development, Smtp:PickupDirectory) so the portal can send mail, or choose Delivery:Route=Direct.")
        .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var delivery = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            var validation = delivery.TrustedCaCertificatePath is { } ca ? PrivateCaValidation.For(ca) : null;
            return new SmtpConnectionPool(sp.GetRequiredService<IOptions<SmtpPoolOptions>>(), sp.GetRequiredService<TimeProvider>(), validation);
        });
        services.AddSingleton<IMailChannel>(sp =>
        {
            var delivery = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            if (delivery.Route == DeliveryRoute.Relay && string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<RelayOptions>>().Value.Host))
                return new PickupMailChannel(sp.GetRequiredService<IMailTransport>());
            var pool = sp.GetRequiredService<SmtpConnectionPool>();
            var direct = new SecureDelivery(sp.GetRequiredService<DirectRoute>(), pool);
            var dkim = sp.GetRequiredService<DkimSigners>();
            if (delivery.Route == DeliveryRoute.Direct)
                return new SmtpMailChannel(direct, direct, sp.GetRequiredService<DirectRoute>(), pool, dkim, delivery.Route);
            var relayOptions = sp.GetRequiredService<IOptions<RelayOptions>>();
            var relayRoute = new RelayRoute(relayOptions);
            var relay = new SecureDelivery(relayRoute, pool) { Onward = relayOptions.Value.Onward };
            return new SmtpMailChannel(relay, new RelayedTlsPath(relay, direct), relayRoute, pool, dkim, delivery.Route);
        });
        // The recipient domains' own servers, for direct delivery and for knowing the last hop behind a relay.
        services.AddSingleton(sp => new DirectRoute(new LookupClient(), new MtaStsPolicyCache(new LookupClient(), new HttpsMtaStsPolicyFetcher(HttpsMtaStsPolicyFetcher.CreateHttpClient()), sp.GetRequiredService<TimeProvider>())));

        services.AddOptions<MarketingPoolOptions>().BindConfiguration(MarketingPoolOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The marketing pool's own DKIM domain and keys (Delivery:Marketing:Dkim, as the Dkim section), beside the organisation's.
        services.AddOptions<DkimOptions>(MarketingPoolOptions.DkimName).BindConfiguration($"{MarketingPoolOptions.SectionName}:Dkim").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var signers = new List<DkimSigner>();
            if (sp.GetRequiredService<IOptions<DkimOptions>>().Value.Enabled) signers.Add(sp.GetRequiredService<DkimSigner>());
            var marketing = sp.GetRequiredService<IOptionsMonitor<DkimOptions>>().Get(MarketingPoolOptions.DkimName);
            if (marketing.Enabled) signers.Add(new DkimSigner(Options.Create(marketing), sp.GetService<TimeProvider>()));
            return new DkimSigners(signers);
        });
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<DeliveryPump>();
        services.AddSingleton<DomainTlsKnowledge>();
        services.AddHostedService(sp => sp.GetRequiredService<DomainTlsKnowledge>());
        services.AddSingleton<BounceProcessor>();
        services.AddHostedService<BounceListener>();
        services.AddSingleton<MarketingMail>();
        services.AddSingleton<DeliveryHistory>();
        if (configuration.GetSection(ListUnsubscribeOptions.SectionName).Exists())
        {
            services.AddOptions<ListUnsubscribeOptions>().BindConfiguration(ListUnsubscribeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton(sp => new UnsubscribeTokens(sp.GetRequiredService<IOptions<ListUnsubscribeOptions>>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ListUnsubscribeHeaders>();
            services.AddSingleton<IOutboxMailComposer, MarketingComposer>();
            services.AddSingleton<Unsubscriber>();
        }
        services.AddHealthChecks().AddCheck<DeliveryHealthCheck>("delivery", tags: ["ready"]);
        return services;
    }
}
