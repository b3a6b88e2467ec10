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
using Portal.Grains.Retention;
using Portal.Forms;
using Portal.Forms.Instruments;
using Portal.Messaging;
using Portal.Data;

namespace Portal.Grains;

public static class GrainsHostingExtensions
{
    /// <summary>
    /// Everything a silo hosts, composed from each area's extension: the database, encryption at rest, patients
    /// (audit, access, read services), forms, the outbox with its composers, and the delivery pool with the mail engine.
    /// </summary>
    public static IServiceCollection AddPortalServices(this IServiceCollection services, IConfiguration configuration, string contentRoot, bool isDevelopment)
    {
        // First, so that every part reads the one clock whose times every provider stores exactly.
        services.UseMicrosecondClock();
        var dataDirectory = DataOptions.ResolveDataDirectory(configuration, contentRoot);
        services.AddPortalData(configuration, dataDirectory);

        var encryption = configuration.GetSection(EncryptionOptions.SectionName).Get<EncryptionOptions>() ?? new EncryptionOptions();
        services.AddPortalEncryption(KeyEncryptionKey.Load(encryption, Path.Combine(dataDirectory, "keys", "kek.key"), isDevelopment));
        services.AddPortalPatients();
        services.AddPortalForms();
        services.AddPortalPatientForms();
        services.AddPortalMessaging();
        services.AddPortalOutbox();
        services.AddPortalDelivery(configuration);
        return services;
    }

    /// <inheritdoc cref="AddPortalServices(IServiceCollection, IConfiguration, string, bool)"/>
    public static IHostApplicationBuilder AddPortalServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPortalServices(builder.Configuration, builder.Environment.ContentRootPath, builder.Environment.IsDevelopment());
        return builder;
    }

    /// <summary>A silo co-hosted in this process (localhost clustering) for the grains over <see cref="AddPortalServices(IHostApplicationBuilder)"/>.</summary>
    public static IHostApplicationBuilder AddPortalSilo(this IHostApplicationBuilder builder)
    {
        var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort));
        return builder;
    }

    /// <summary>Encryption at rest: the key-encryption key and the patients' data keys it wraps.</summary>
    public static IServiceCollection AddPortalEncryption(this IServiceCollection services, KeyEncryptionKey kek)
    {
        services.AddSingleton(kek);
        services.AddSingleton<PatientKeyRing>();
        services.AddSingleton<OrganisationKeys>();
        return services;
    }

    /// <summary>What the patient grain and the staff pages stand on: the audit log, access rules (care teams,
    /// break-glass), recipient keys, attachment rules and the read services.</summary>
    public static IServiceCollection AddPortalPatients(this IServiceCollection services)
    {
        services.AddSingleton<Audience.BlindIndex>();
        services.AddSingleton<Identity.AccountEmails>();
        services.AddSingleton<Audience.PatientLookupTokens>();
        services.AddSingleton<Audience.Segments.SegmentQuery>();
        services.AddSingleton<Audience.Segments.Segments>();
        services.AddOptions<Campaigns.CampaignOptions>().BindConfiguration(Campaigns.CampaignOptions.SectionName);
        services.AddSingleton<Campaigns.CampaignChecks>();
        services.AddSingleton<Campaigns.CampaignAudience>();
        services.AddSingleton<Campaigns.CampaignMail>();
        services.AddSingleton<Campaigns.CampaignTrials>();
        services.AddSingleton<Campaigns.CampaignDirectory>();
        services.AddHostedService<Campaigns.CampaignResumer>();
        services.AddSingleton<Audience.Consent.BuiltInForms>();
        services.AddSingleton<Audience.Import.PatientImporter>();
        services.AddSingleton<Audience.Import.ImportRuns>();
        services.AddSingleton<DatabaseAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<DatabaseAuditLog>());
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName)
            .Validate(o => o.CheckpointInterval > TimeSpan.Zero, "Audit:CheckpointInterval must be positive.").ValidateOnStart();
        services.AddSingleton<AuditSigningKey>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<IDisclosureReport, DisclosureReport>();
        // Re-wraps under a new KEK what the previous one protected, signatures included (so it needs the audit's key).
        services.AddSingleton<KekRotation>();
        services.AddHostedService(sp => sp.GetRequiredService<KekRotation>());
        services.AddPortalRetention();
        services.AddSingleton<AuditCheckpoints>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpoints>());
        services.AddSingleton<IAuditReader, AuditReader>();
        services.AddSingleton<PatientAccess>();
        services.AddSingleton<BreakGlassAccess>();
        services.AddSingleton<ICareTeams, CareTeams>();
        services.AddSingleton<IPatientDirectory, PatientDirectory>();
        services.AddSingleton<TeamInbox>();
        services.AddSingleton<RecipientKeys>();
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AttachmentRules>();
        services.AddSingleton<CareTeamAssignments>();
        return services;
    }

    /// <summary>Retention rules, legal holds and the disposal job with its signed certificates.</summary>
    public static IServiceCollection AddPortalRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero, "Retention:Interval must be positive.").ValidateOnStart();
        services.AddSingleton<RetentionRules>();
        services.AddSingleton<LegalHolds>();
        services.AddSingleton<DisposalCertificates>();
        services.AddSingleton<DisposalJob>();
        services.AddHostedService(sp => sp.GetRequiredService<DisposalJob>());
        return services;
    }

    /// <summary>Readiness: the configured database answers.</summary>
    public static IHealthChecksBuilder AddPortalDatabaseCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags) =>
        builder.AddDbContextCheck<PortalDbContext>(name, tags: tags);

    // The system clock (whether none is registered yet or a host such as Orleans added the plain one) becomes the
    // microsecond clock; a clock a test put in on purpose stays.
    private static void UseMicrosecondClock(this IServiceCollection services)
    {
        var registered = services.Where(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService).ToList();
        if (registered.All(d => ReferenceEquals(d.ImplementationInstance, TimeProvider.System)))
        {
            foreach (var plain in registered) services.Remove(plain);
            services.AddSingleton<TimeProvider>(MicrosecondTimeProvider.System);
        }
    }

    /// <summary>Applies pending migrations, tunes the database and publishes the built-in instruments.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.MigratePortalDataAsync(cancellationToken);
        // Organisation keys are made now: made later inside an import's transaction, SQLite's single writer would refuse.
        await services.GetRequiredService<OrganisationKeys>().EnsureAsync(Audience.BlindIndex.Purpose, Identity.AccountEmails.KeyPurpose);
        // Entries of releases before the audit chain join it, oldest first, before anything new is appended.
        await services.GetRequiredService<DatabaseAuditLog>().SealUnchainedAsync(cancellationToken);
        // Account addresses kept in clear by earlier releases are sealed, and their user names become the account id.
        await services.GetRequiredService<Identity.AccountEmails>().SealStoredAsync(cancellationToken);
        // Recipient certificates and keys stored in clear by earlier releases go under their patient's key.
        await services.GetRequiredService<RecipientKeys>().SealStoredAsync(cancellationToken);
        await services.GetRequiredService<FormLibrary>().EnsureInstrumentsAsync(services.GetRequiredService<IInstrumentCatalogue>(), cancellationToken);
    }
}
