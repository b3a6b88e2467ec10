using Portal.Forms.Authoring;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;
using Portal.Forms.Answers;

namespace Portal.Tests.Forms.Authoring;

public sealed class FormDraftEditorTests
{
    private static FormDefinition Blank() => new() { Id = "f", Version = 1, Title = "Check-in", Pages = [new FormPage { Id = "page-1", Title = "Page 1" }] };

    private static (FormDefinition Form, string Smoke, string PerDay) TwoPages()
    {
        var (form, smoke) = FormDraftEditor.AddField(Blank(), "page-1", FieldType.SingleChoice, "Do you smoke?");
        form = FormDraftEditor.UpdateField(form, smoke, new FieldEdit("Do you smoke?", null, true, null,
            [new OptionEdit(null, "Yes", null), new OptionEdit(null, "No", null), new OptionEdit(null, "  ", null)], []));
        form = FormDraftEditor.AddPage(form, "Smoking");
        (form, var perDay) = FormDraftEditor.AddField(form, "page-2", FieldType.Number, "Cigarettes a day");
        return (form, smoke, perDay);
    }

    [Fact]
    public void A_built_form_passes_the_checker_and_its_condition_drives_the_navigator()
    {
        var (form, smoke, perDay) = TwoPages();
        form = FormDraftEditor.SetPageCondition(form, "page-2", FormDraftEditor.BuildCondition(form, smoke, ConditionKind.Equals, "yes"));

        Assert.Empty(FormDefinitionChecker.Check(form));
        Assert.Equal(["yes", "no"], form.FindField(smoke)!.Options.Select(o => o.Value));
        Assert.Equal(Condition.FieldEquals(smoke, "yes"), form.Pages[1].VisibleWhen);
        Assert.False(FormNavigator.Evaluate(form, new FormAnswers().Set(smoke, new TextAnswer("no"))).IsFieldVisible(perDay));
        Assert.True(FormNavigator.Evaluate(form, new FormAnswers().Set(smoke, new TextAnswer("yes"))).IsFieldVisible(perDay));
    }

    [Fact]
    public void Rewording_a_choice_keeps_its_stored_value_and_new_choices_get_unique_ones()
    {
        var (form, smoke, _) = TwoPages();
        form = FormDraftEditor.UpdateField(form, smoke, new FieldEdit("Do you smoke?", null, true, null,
            [new OptionEdit("yes", "Yes, every day", 2), new OptionEdit("no", "No", 0), new OptionEdit(null, "Yes", 1)], []));

        Assert.Equal([("yes", "Yes, every day", (decimal?)2), ("no", "No", 0), ("yes-2", "Yes", 1)],
            form.FindField(smoke)!.Options.Select(o => (o.Value, o.Label, o.Score)));
    }

    [Theory]
    [InlineData("([0-9", null, null, "not a valid regular expression")]
    [InlineData(null, 10, 2, "minimum is above its maximum")]
    public void Impossible_rules_are_refused(string? pattern, int? min, int? max, string message)
    {
        var (form, id) = FormDraftEditor.AddField(Blank(), "page-1", FieldType.ShortText, "Member number");
        var edit = new FieldEdit("Member number", null, false, new ValidationRules { Pattern = pattern, MinLength = min, MaxLength = max }, [], []);
        var refused = Assert.Throws<FormEditException>(() => FormDraftEditor.UpdateField(form, id, edit));
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void Conditions_read_only_earlier_questions_and_skips_only_go_forward()
    {
        var (form, smoke, perDay) = TwoPages();
        var backwards = FormDraftEditor.BuildCondition(form, perDay, ConditionKind.GreaterThan, "10");
        Assert.Contains("before this one", Assert.Throws<FormEditException>(() => FormDraftEditor.SetFieldCondition(form, smoke, backwards)).Message);
        Assert.Contains("earlier page", Assert.Throws<FormEditException>(() => FormDraftEditor.SetPageCondition(form, "page-1", backwards)).Message);
        var onSmoke = FormDraftEditor.BuildCondition(form, smoke, ConditionKind.Equals, "No");
        Assert.Contains("forward", Assert.Throws<FormEditException>(() => FormDraftEditor.AddSkipRule(form, "page-2", onSmoke, "page-1")).Message);
        Assert.Contains("not a choice", Assert.Throws<FormEditException>(() => FormDraftEditor.BuildCondition(form, smoke, ConditionKind.Equals, "Sometimes")).Message);
        Assert.Contains("number", Assert.Throws<FormEditException>(() => FormDraftEditor.BuildCondition(form, perDay, ConditionKind.GreaterThan, "ten")).Message);
    }

    [Fact]
    public void Moving_past_the_edge_of_a_page_moves_the_question_to_the_next_page()
    {
        var (form, smoke, perDay) = TwoPages();
        var moved = FormDraftEditor.MoveField(form, smoke, +1);
        Assert.Empty(moved.Pages[0].Fields);
        Assert.Equal([smoke, perDay], moved.Pages[1].Fields.Select(f => f.Id));
        Assert.Throws<FormEditException>(() => FormDraftEditor.MoveField(form, smoke, -1));
    }

    [Fact]
    public void A_question_another_element_reads_cannot_be_deleted_until_that_changes()
    {
        var (form, smoke, _) = TwoPages();
        form = FormDraftEditor.SetPageCondition(form, "page-2", FormDraftEditor.BuildCondition(form, smoke, ConditionKind.Answered, null));
        var refused = Assert.Throws<FormEditException>(() => FormDraftEditor.DeleteField(form, smoke));
        Assert.Contains("page \"Smoking\"", refused.Message);
    }

    [Fact]
    public void Scores_refuse_overlapping_bands_and_unscorable_questions()
    {
        var (form, smoke, perDay) = TwoPages();
        Assert.Contains("overlap", Assert.Throws<FormEditException>(() =>
            FormDraftEditor.AddScore(form, "Load", [perDay], [new(0, 10, "Light"), new(10, 40, "Heavy")])).Message);
        var (withText, text) = FormDraftEditor.AddField(form, "page-1", FieldType.ShortText, "Brand");
        Assert.Throws<FormEditException>(() => FormDraftEditor.AddScore(withText, "Brand", [text], []));

        var scored = FormDraftEditor.AddScore(form, "Load", [perDay], [new(0, 9, "Light"), new(10, 40, "Heavy")]);
        Assert.Empty(FormDefinitionChecker.Check(scored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Title\r\nInjected: header")]
    public void Labels_are_one_non_empty_line(string label)
    {
        Assert.Throws<FormEditException>(() => FormDraftEditor.AddField(Blank(), "page-1", FieldType.ShortText, label));
        Assert.Throws<FormEditException>(() => FormDraftEditor.SetDetails(Blank(), label, null));
    }
}
