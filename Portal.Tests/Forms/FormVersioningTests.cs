using System.Text.Json;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Submissions;
using Portal.Forms.Versioning;

namespace Portal.Tests.Forms;

public sealed class FormVersioningTests
{
    private static readonly DateTimeOffset PublishedAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_definition_survives_a_json_round_trip_unchanged()
    {
        var original = SampleForms.Intake();
        var json = FormJson.Serialize(original);
        var read = FormJson.Deserialize(json);

        Assert.Equal(json, FormJson.Serialize(read));
        Assert.Equal(original.Title, read.Title);
        Assert.Equal(original.AllFields.Select(f => (f.Id, f.Type, f.Label, f.Required)), read.AllFields.Select(f => (f.Id, f.Type, f.Label, f.Required)));
        Assert.Equal(original.FindField("date_of_birth")!.Rules, read.FindField("date_of_birth")!.Rules);
        Assert.Equal("consent", read.Pages[1].SkipRules[0].TargetPageId);
        Assert.Equal("current", read.FindField("cigarettes_per_day")!.VisibleWhen!.Value);
    }

    [Fact]
    public void The_json_layout_is_stable_and_readable()
    {
        var json = FormJson.Serialize(SampleForms.Intake());
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("new-patient-intake", root.GetProperty("id").GetString());
        var dob = root.GetProperty("pages")[0].GetProperty("fields")[1];
        Assert.Equal("date", dob.GetProperty("type").GetString());
        Assert.Equal("1900-01-01", dob.GetProperty("rules").GetProperty("minDate").GetString());
        Assert.Equal("equals", root.GetProperty("pages")[1].GetProperty("fields")[1].GetProperty("visibleWhen").GetProperty("kind").GetString());
        Assert.False(dob.TryGetProperty("helpText", out _));
    }

    [Fact]
    public void Unknown_properties_and_schema_versions_are_refused()
    {
        var json = FormJson.Serialize(Gad7.Create());
        Assert.Throws<JsonException>(() => FormJson.Deserialize(json.Replace("\"title\":", "\"titel\":", StringComparison.Ordinal)));
        Assert.Throws<JsonException>(() => FormJson.Deserialize(json.Replace("\"schemaVersion\":1", "\"schemaVersion\":2", StringComparison.Ordinal)));
    }

    [Fact]
    public void Submissions_round_trip_every_answer_kind()
    {
        var answers = FormValidatorTests.CompleteAnswers().Set("prescription_scan", new FileAnswer("rx.pdf", "application/pdf", 10));
        var json = JsonSerializer.Serialize(answers, FormJson.Options);
        var read = JsonSerializer.Deserialize<FormAnswers>(json, FormJson.Options)!;

        Assert.Equal(answers.Count, read.Count);
        foreach (var (fieldId, answer) in answers.Where(a => a.Value is not (ListAnswer or MatrixAnswer)))
        {
            Assert.Equal(answer, read[fieldId]);
        }

        Assert.Equal(["asthma"], ((ListAnswer)read["conditions"]).Values);
        Assert.Equal("3", ((MatrixAnswer)read["wellbeing"]).Rows["sleep"]);
        Assert.Equal(json, JsonSerializer.Serialize(read, FormJson.Options));
    }

    [Fact]
    public void The_content_hash_is_stable_and_follows_the_content()
    {
        var first = PublishedForm.Publish(Phq9.Create(), PublishedAt);
        var second = PublishedForm.Publish(Phq9.Create(), PublishedAt.AddDays(3));
        Assert.Matches("^[0-9a-f]{64}$", first.ContentHash);
        Assert.Equal(first.ContentHash, second.ContentHash);

        var reworded = Phq9.Create() with { Title = "PHQ-9 (reworded)" };
        Assert.NotEqual(first.ContentHash, PublishedForm.Publish(reworded, PublishedAt).ContentHash);
        Assert.Equal(ContentHash.Of(first.CanonicalJson), first.ContentHash);
    }

    [Fact]
    public void A_stored_form_that_was_altered_is_detected()
    {
        var published = PublishedForm.Publish(Phq9.Create(), PublishedAt);
        var reloaded = PublishedForm.Load(published.CanonicalJson, published.ContentHash, published.PublishedAtUtc);
        Assert.True(reloaded.VerifyIntegrity());

        var tampered = published.CanonicalJson.Replace("Nearly every day", "Every single day", StringComparison.Ordinal);
        Assert.NotEqual(published.CanonicalJson, tampered);
        Assert.Throws<FormTamperedException>(() => PublishedForm.Load(tampered, published.ContentHash, published.PublishedAtUtc));
    }

    [Fact]
    public void Mutating_a_published_definition_through_a_cast_is_detected()
    {
        var published = PublishedForm.Publish(Gad7.Create(), PublishedAt);
        Assert.True(published.VerifyIntegrity());

        // The lists are read-only by contract; a caller that casts round that is caught by the hash.
        var fields = (IList<FieldDefinition>)published.Definition.Pages[0].Fields;
        fields.RemoveAt(0);
        Assert.False(published.VerifyIntegrity());
    }

    [Fact]
    public void A_published_version_cannot_be_changed_and_edits_go_into_a_new_version()
    {
        var history = new FormVersionHistory(Phq9.FormId);
        var first = history.StartDraft(Phq9.Create);
        Assert.Equal(1, first.Version);
        var v1 = history.PublishDraft(PublishedAt);

        var edit = v1.Definition with { Description = "Changed after publication" };
        Assert.Throws<PublishedVersionImmutableException>(() => history.SaveDraft(edit));

        var draft = history.StartDraft();
        Assert.Equal(2, draft.Version);
        history.SaveDraft(draft with { Description = "Clearer introduction" });
        var v2 = history.PublishDraft(PublishedAt.AddDays(1));

        Assert.Equal([1, 2], history.Published.Select(p => p.Version));
        Assert.NotEqual(v1.ContentHash, v2.ContentHash);
        Assert.Equal("A short questionnaire about your mood over the last two weeks. Your care team reviews every answer.", history.Find(1)!.Definition.Description);
        Assert.Equal("Clearer introduction", history.Find(2)!.Definition.Description);
        Assert.Throws<PublishedVersionImmutableException>(() => history.SaveDraft(v2.Definition with { Title = "Sneaky" }));
    }

    [Fact]
    public void An_inconsistent_definition_cannot_be_published()
    {
        var broken = Phq9.Create() with { Pages = [Phq9.Create().Pages[0] with { Fields = [.. Phq9.Create().Pages[0].Fields, Phq9.Create().Pages[0].Fields[0]] }] };
        var error = Assert.Throws<InvalidFormDefinitionException>(() => PublishedForm.Publish(broken, PublishedAt));
        Assert.Contains(error.Problems, p => p.Message.Contains("phq9_1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_submission_records_the_version_and_hash_it_answered()
    {
        var history = new FormVersionHistory(Gad7.FormId);
        history.StartDraft(Gad7.Create);
        var v1 = history.PublishDraft(PublishedAt);
        history.SaveDraft(history.StartDraft() with { Title = "GAD-7 (v2)" });
        var v2 = history.PublishDraft(PublishedAt);

        var submission = FormSubmission.Create(v1, new FormAnswers(), "MRN-0042", PublishedAt.AddHours(1));
        Assert.Equal(1, submission.FormVersion);
        Assert.Equal(v1.ContentHash, submission.FormContentHash);
        Assert.True(submission.WasAnsweredOn(v1));
        Assert.False(submission.WasAnsweredOn(v2));
    }
}
