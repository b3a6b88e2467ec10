using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Grains.Audit;
using Portal.Grains.Delivery;
using Portal.Grains.Encryption;
using Portal.Grains.Forms;
using Portal.Grains.Forms.Results;
using Portal.Grains.Outbox;
using Portal.Grains.Patients;
using Portal.Forms;
using Portal.Forms.Instruments;
using Portal.Messaging;
using Portal.Data;

namespace Portal.Grains;

public static class GrainsHostingExtensions
{
    /// <summary>
    /// The database, encryption at rest, audit log and outbox, plus a silo co-hosted in this process
    /// (localhost clustering). Mail composition and transport come from <see cref="MessagingHostingExtensions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPortalSilo(this IHostApplicationBuilder builder)
    {
        // First, so that every part reads the one clock whose times every provider stores exactly.
        builder.Services.TryAddTimeProvider();
        builder.AddPortalMessaging();
        builder.AddPortalForms();

        builder.AddPortalData();
        var dataDirectory = DataOptions.ResolveDataDirectory(builder);

        var encryption = builder.Configuration.GetSection(EncryptionOptions.SectionName).Get<EncryptionOptions>() ?? new EncryptionOptions();
        var kek = KeyEncryptionKey.Load(encryption, Path.Combine(dataDirectory, "keys", "kek.key"), builder.Environment.IsDevelopment());
        builder.Services.AddSingleton(kek);
        builder.Services.AddSingleton<PatientKeyRing>();
        builder.Services.AddSingleton<IAuditLog, DatabaseAuditLog>();
        builder.Services.AddSingleton<IPatientDirectory, PatientDirectory>();
        builder.Services.AddSingleton<ICareTeams, CareTeams>();
        builder.Services.AddSingleton<IAuditReader, AuditReader>();
        builder.Services.AddSingleton<PatientAccess>();
        builder.Services.AddSingleton<BreakGlassAccess>();
        builder.Services.AddSingleton<RecipientKeys>();
        builder.Services.AddSingleton<FormLibrary>();
        builder.Services.AddSingleton<IFormLibrary>(sp => sp.GetRequiredService<FormLibrary>());
        builder.Services.AddFormResults();
        builder.AddPortalFormDelivery();
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AttachmentRules>();
        builder.Services.AddSingleton<TeamInbox>();
        builder.Services.AddSingleton<CareTeamAssignments>();
        foreach (var kind in EncryptedMessageComposer.Kinds)
            builder.Services.AddSingleton<IOutboxMailComposer>(sp => ActivatorUtilities.CreateInstance<EncryptedMessageComposer>(sp, kind));

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<PortalLinks>();
        builder.Services.AddSingleton<IOutboxMailComposer, SecureMessageNoticeComposer>();
        builder.AddPortalDelivery();

        var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort));
        return builder;
    }

    /// <summary>Readiness: the configured database answers.</summary>
    public static IHealthChecksBuilder AddPortalDatabaseCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags) =>
        builder.AddDbContextCheck<PortalDbContext>(name, tags: tags);

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton<TimeProvider>(MicrosecondTimeProvider.System);
    }

    /// <summary>Applies pending migrations, tunes the database and publishes the built-in instruments.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.MigratePortalDataAsync(cancellationToken);
        await services.GetRequiredService<FormLibrary>().EnsureInstrumentsAsync(services.GetRequiredService<IInstrumentCatalogue>(), cancellationToken);
    }
}
