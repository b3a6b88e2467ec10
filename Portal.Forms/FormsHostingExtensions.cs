using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Forms.Instruments;
using Portal.Forms.Rendering;
using Portal.Forms.Validation;

namespace Portal.Forms;

/// <summary>Composition of the forms engine into a host.</summary>
public static class FormsHostingExtensions
{
    /// <summary>Registers the validator, the PDF renderer and the instrument catalogue; all are stateless singletons.</summary>
    public static IHostApplicationBuilder AddPortalForms(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new FormValidator(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<ISubmissionPdfRenderer, SubmissionPdfRenderer>();
        builder.Services.TryAddSingleton<IInstrumentCatalogue, InstrumentCatalogue>();
        return builder;
    }
}
