using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Grains.Forms.Results;

public static class FormResultsHostingExtensions
{
    /// <summary>Form results for staff. Until submissions are stored the source has nothing to read; a registered source wins.</summary>
    public static IServiceCollection AddFormResults(this IServiceCollection services)
    {
        services.AddOptions<FormResultsOptions>().BindConfiguration(FormResultsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IFormResultsSource, NoSubmissionsSource>();
        services.AddSingleton<FormResultsReader>();
        return services;
    }
}
