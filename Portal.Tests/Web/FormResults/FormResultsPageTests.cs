using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Forms.Instruments;
using Portal.Grains.Audit;
using Portal.Grains.Forms.Results;
using Portal.Tests.Grains.Forms.Results;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.FormResults;

public sealed class FormResultsPageTests : IAsyncLifetime
{
    private readonly RecordedResultsSource _source = new();
    private readonly PortalFactory _portal;

    public FormResultsPageTests() =>
        _portal = PortalFactory.WithServices(services => services.Replace(ServiceDescriptor.Singleton<IFormResultsSource>(_source)));

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task Staff_see_score_bands_over_time_for_their_own_patients_only_as_accessible_charts()
    {
        var staff = await _portal.CreateStaffAsync();
        var mine = await _portal.CreatePatientAsync("Ana Example", staff.Id);
        var theirs = await _portal.CreatePatientAsync("Zed Elsewhere");
        _source.Add(Phq9.FormId, SurveyResponses.Phq9(mine.Id, 0, 3, 3, 3, 3, 3, 2, 2, 2, 1));
        _source.Add(Phq9.FormId, SurveyResponses.Phq9(mine.Id, 1, 2, 2, 2, 2, 2, 2, 1, 1, 0));
        _source.Add(Phq9.FormId, SurveyResponses.Phq9(theirs.Id, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        using var client = _portal.NewClient();
        await client.SignInAsync(staff);

        var html = await client.GetPageAsync($"/staff/forms/{Phq9.FormId}/results");

        Assert.Contains("<tr><td>Version 1</td><td>2</td></tr>", html);
        Assert.Contains("PHQ-9 total over time for Ana Example", html);
        Assert.Contains("latest total 14 (Moderate depression)", html);
        Assert.DoesNotContain("Zed", html);
        Assert.Matches(new Regex("<svg role=\"img\" aria-labelledby=\"(chart-\\d+)-title \\1-desc\""), html);
        Assert.Contains("<td>22</td><td>Severe depression</td>", html);
        Assert.Equal(1, _source.Reads);
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ActorId == staff.Id && e.Action == AuditActions.FormResultsView && e.TargetId == Phq9.FormId));
    }

    [Fact]
    public async Task Net_promoter_results_show_and_distributions_hide_counts_too_small_to_show()
    {
        var staff = await _portal.CreateStaffAsync();
        int[] ratings = [10, 10, 9, 9, 8, 3, 2, 1];
        foreach (var rating in ratings)
        {
            var patient = await _portal.CreatePatientAsync(null, staff.Id);
            _source.Add(PatientSatisfactionSurvey.FormId, SurveyResponses.Satisfaction(patient.Id, rating, rating > 8 ? "no" : "yes"));
        }

        using var client = _portal.NewClient();
        await client.SignInAsync(staff);
        var html = await client.GetPageAsync($"/staff/forms/{PatientSatisfactionSurvey.FormId}/results");

        // 4 promoters, 1 passive, 3 detractors of 8: (4 - 3) / 8 = 12.5.
        Assert.Contains("<span class=\"big\">12.5</span>", html);
        Assert.Contains("<tr><td>Promoters (9-10)</td><td>4</td></tr>", html);
        Assert.Contains("<tr><td>Passives (7-8)</td><td>1</td></tr>", html);
        Assert.Contains("<tr><td>Detractors (0-6)</td><td>3</td></tr>", html);
        // In the distribution of the 0-10 answers every count is 1 or 2, so each is hidden; zeros are shown.
        Assert.Contains("<tr><td>8</td><td>hidden</td></tr>", html);
        Assert.Contains("<tr><td>10</td><td>hidden</td></tr>", html);
        Assert.Contains("<tr><td>5</td><td>0</td></tr>", html);
        Assert.Contains("<tr><td>Yes</td><td>4</td></tr>", html);
    }
}
