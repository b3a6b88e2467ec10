using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Forms.Results;
using Microsoft.Extensions.Options;
using Portal.Grains.Outbox;

namespace Portal.Grains.Forms;

public static class PatientFormsHostingExtensions
{
    /// <summary>Patients' forms: the library, results, assignment notices and reminders, public forms and the submission webhook.</summary>
    public static IServiceCollection AddPortalPatientForms(this IServiceCollection services)
    {
        services.AddSingleton<FormLibrary>();
        services.AddSingleton<IFormLibrary>(sp => sp.GetRequiredService<FormLibrary>());
        services.AddFormResults();
        services.AddOptions<FormRemindersOptions>().BindConfiguration(FormRemindersOptions.SectionName)
            .Validate(o => o.LeadTime > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero, "FormReminders times must be positive.").ValidateOnStart();
        services.AddOptions<FormWebhookOptions>().BindConfiguration(FormWebhookOptions.SectionName)
            .Validate(o => o.Problem() is null, "FormWebhook settings are invalid: a URL needs an absolute http(s) address and a secret of 32+ characters.").ValidateOnStart();
        services.AddSingleton<FormReminderSchedule>();
        services.AddHostedService<FormReminderSweeper>();
        services.AddSingleton<FormWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<FormWebhookSender>());
        services.AddSingleton<PublicForms>();
        services.AddOptions<PublicFormUploadOptions>().BindConfiguration(PublicFormUploadOptions.SectionName)
            .Validate(o => o.MaxFilesPerSession > 0 && o.MaxBytesPerSession > 0 && o.AbandonedAfter > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero
                && o.MaxPendingBytesPerLink >= o.MaxBytesPerSession && o.MaxPendingBytes >= o.MaxPendingBytesPerLink
                && o.MaxUnattachedSubmissionsPerLink > 0 && o.MaxUnattachedSubmissions >= o.MaxUnattachedSubmissionsPerLink,
                "PublicForms:Uploads limits and times must be positive, and each budget at least the one inside it (session <= link <= organisation).").ValidateOnStart();
        services.AddSingleton<PublicFormFiles>();
        services.AddSingleton<PublicFormBudget>();
        services.AddHostedService<PublicFormFileSweeper>();
        foreach (var kind in FormNoticeComposer.Kinds)
            services.AddSingleton<IOutboxMailComposer>(sp => ActivatorUtilities.CreateInstance<FormNoticeComposer>(sp, kind));
        return services;
    }
}
