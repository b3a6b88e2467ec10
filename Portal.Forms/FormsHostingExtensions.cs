using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Forms.Instruments;
using Portal.Forms.Rendering;
using Portal.Forms.Validation;

namespace Portal.Forms;

/// <summary>Composition of the forms engine into a host.</summary>
public static class FormsHostingExtensions
{
    /// <summary>Registers the validator, the PDF renderer and the instrument catalogue; all are stateless singletons.</summary>
    public static IServiceCollection AddPortalForms(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FormValidator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISubmissionPdfRenderer, SubmissionPdfRenderer>();
        services.TryAddSingleton<IInstrumentCatalogue, InstrumentCatalogue>();
        return services;
    }
}
