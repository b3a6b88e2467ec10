using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Forms;
using Portal.Forms.Instruments;
using Portal.Forms.Rendering;
using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class FormsCompositionTests
{
    [Fact]
    public void AddPortalForms_registers_the_engine_services()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPortalForms();
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<FormValidator>());
        Assert.IsType<SubmissionPdfRenderer>(host.Services.GetRequiredService<ISubmissionPdfRenderer>());
        var catalogue = host.Services.GetRequiredService<IInstrumentCatalogue>();
        Assert.Equal([Phq9.FormId, Gad7.FormId, PatientSatisfactionSurvey.FormId], catalogue.All.Select(f => f.Id));
        Assert.NotNull(catalogue.Find(Gad7.FormId));
        Assert.Null(catalogue.Find("unknown"));
    }
}
