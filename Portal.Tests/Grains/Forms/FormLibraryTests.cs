using Microsoft.EntityFrameworkCore;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Data;

using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Forms;

public sealed class FormLibraryTests : IAsyncLifetime
{
    private static readonly AuditActor Staff = new(Guid.NewGuid(), "Staff", "192.0.2.7");
    private readonly TestDatabase _database = TestDatabase.Create(Directory.CreateTempSubdirectory().FullName);
    private FormLibrary _library = null!;
    private IDbContextFactory<PortalDbContext> _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = _database.Factory();
        await using var db = await _factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        _library = new FormLibrary(_factory, new DatabaseAuditLog(_factory, TimeProvider.System), TimeProvider.System);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_built_in_instruments_are_published_once_and_load_with_their_hash()
    {
        var catalogue = new InstrumentCatalogue();
        await _library.EnsureInstrumentsAsync(catalogue);
        await _library.EnsureInstrumentsAsync(catalogue);

        var listing = await _library.ListAsync();
        Assert.Equal(catalogue.All.Select(i => i.Id).Order(), listing.Select(l => l.FormId).Order());
        var phq9 = await _library.GetPublishedAsync(Phq9.FormId);
        Assert.NotNull(phq9);
        Assert.Equal(1, phq9.Version);
        Assert.True(phq9.VerifyIntegrity());
        await using var db = await _factory.CreateDbContextAsync();
        Assert.Equal(catalogue.All.Count, await db.FormVersions.CountAsync());
    }

    [Fact]
    public async Task Publishing_freezes_a_version_and_later_edits_go_into_the_next_one()
    {
        var formId = await _library.CreateAsync("Intake", Staff);
        var draft = await _library.GetDraftAsync(formId);
        Assert.NotNull(draft);
        Assert.Equal(1, draft.Version);
        await _library.SaveDraftAsync(WithQuestion(draft, "allergies", "Any allergies?"), Staff);

        var first = await _library.PublishDraftAsync(formId, Staff);
        Assert.Equal(1, first.Version);

        var next = await _library.GetDraftAsync(formId);
        Assert.Equal(2, next!.Version);
        await _library.SaveDraftAsync(WithQuestion(next, "allergies", "Any allergies or intolerances?"), Staff);
        var oldAgain = await Assert.ThrowsAsync<FormLibraryException>(() => _library.SaveDraftAsync(WithQuestion(draft, "allergies", "Changed"), Staff));
        Assert.Contains("version 2", oldAgain.Message);

        var stillFirst = await _library.GetPublishedAsync(formId, 1);
        Assert.Equal("Any allergies?", stillFirst!.Definition.FindField("allergies")!.Label);
        Assert.Equal(first.ContentHash, stillFirst.ContentHash);
        Assert.Equal(1, (await _library.GetPublishedAsync(formId))!.Version);
        Assert.True((await _library.ListAsync()).Single(l => l.FormId == formId).HasDraft);

        await using var db = await _factory.CreateDbContextAsync();
        Assert.Contains(await db.AuditEntries.Select(a => a.Action).ToListAsync(), a => a == AuditActions.FormPublished);
    }

    [Fact]
    public async Task An_inconsistent_draft_is_not_published_and_a_version_edited_in_the_database_is_refused()
    {
        var formId = await _library.CreateAsync("Consent", Staff);
        var draft = (await _library.GetDraftAsync(formId))!;
        var twice = WithQuestion(WithQuestion(draft, "same", "One"), "same", "Two");
        await _library.SaveDraftAsync(twice, Staff);
        await Assert.ThrowsAsync<InvalidFormDefinitionException>(() => _library.PublishDraftAsync(formId, Staff));
        Assert.Null(await _library.GetPublishedAsync(formId));

        await _library.SaveDraftAsync(WithQuestion(draft, "agree", "I agree"), Staff);
        await _library.PublishDraftAsync(formId, Staff);
        await using (var db = await _factory.CreateDbContextAsync())
        {
            var row = await db.FormVersions.SingleAsync(v => v.FormId == formId);
            row.CanonicalJson = row.CanonicalJson.Replace("I agree", "I waive");
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<FormTamperedException>(() => _library.GetPublishedAsync(formId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Line\r\nBcc: x@example.com")]
    public async Task A_form_needs_a_one_line_title(string title)
    {
        await Assert.ThrowsAsync<FormLibraryException>(() => _library.CreateAsync(title, Staff));
        Assert.Empty(await _library.ListAsync());
    }

    private static FormDefinition WithQuestion(FormDefinition form, string id, string label) => form with
    {
        Pages = [form.Pages[0] with { Fields = [.. form.Pages[0].Fields, new FieldDefinition { Id = id, Type = FieldType.ShortText, Label = label }] }],
    };
}
