using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Grains.Forms.Results;

public static class FormResultsHostingExtensions
{
    /// <summary>Form results for staff, read from the sealed submissions.</summary>
    public static IServiceCollection AddFormResults(this IServiceCollection services)
    {
        services.AddOptions<FormResultsOptions>().BindConfiguration(FormResultsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IFormResultsSource, StoredSubmissionsSource>();
        services.AddSingleton<FormResultsReader>();
        return services;
    }
}
