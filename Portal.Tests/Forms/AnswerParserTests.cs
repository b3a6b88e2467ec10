using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class AnswerParserTests
{
    private static FieldDefinition Field(string id) => SampleForms.Intake().FindField(id)!;

    [Fact]
    public void Each_type_reads_its_posted_strings()
    {
        Assert.Equal(new NumberAnswer(168.5m), AnswerParser.Parse(Field("height_cm"), ["168.5"]).Value);
        Assert.Equal(new DateAnswer(new DateOnly(1980, 4, 23)), AnswerParser.Parse(Field("date_of_birth"), ["1980-04-23"]).Value);
        Assert.Equal(new TextAnswer("Ana"), AnswerParser.Parse(Field("full_name"), ["  Ana "]).Value);
        Assert.Equal(new BooleanAnswer(true), AnswerParser.Parse(Field("consent_treatment"), ["on"]).Value);
        Assert.Equal(new NumberAnswer(7), AnswerParser.Parse(Field("pain_today"), ["7"]).Value);

        var list = Assert.IsType<ListAnswer>(AnswerParser.Parse(Field("conditions"), ["asthma", "", "diabetes", "asthma"]).Value);
        Assert.Equal(["asthma", "diabetes"], list.Values);

        var matrix = Assert.IsType<MatrixAnswer>(AnswerParser.Parse(Field("wellbeing"), ["sleep=3", "energy=1"]).Value);
        Assert.Equal("3", matrix.Rows["sleep"]);
        Assert.Equal("1", matrix.Rows["energy"]);

        Assert.Equal(new FileAnswer("rx.jpg", "image/jpeg", 1234), AnswerParser.Parse(Field("prescription_scan"), ["rx.jpg", "image/jpeg", "1234"]).Value);
    }

    [Theory]
    [InlineData("height_cm", "tall")]
    [InlineData("height_cm", "1,5")]
    [InlineData("date_of_birth", "23/04/1980")]
    [InlineData("date_of_birth", "1980-02-30")]
    [InlineData("pain_today", "11")]
    [InlineData("pain_today", "2.5")]
    [InlineData("consent_treatment", "maybe")]
    [InlineData("wellbeing", "sleep")]
    public void Unreadable_input_is_reported_with_words_for_the_patient(string fieldId, string raw)
    {
        var parsed = AnswerParser.Parse(Field(fieldId), [raw]);
        Assert.False(parsed.Succeeded);
        Assert.Null(parsed.Value);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
    }

    [Fact]
    public void Blank_input_is_no_answer_rather_than_an_error()
    {
        var parsed = AnswerParser.Parse(Field("height_cm"), ["  "]);
        Assert.True(parsed.Succeeded);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public void A_whole_post_binds_into_answers_that_validate()
    {
        var png = TestPng.DataUri(TestPng.Signature());
        var posted = new Dictionary<string, IReadOnlyList<string?>>
        {
            ["__RequestVerificationToken"] = ["ignored"],
            ["full_name"] = ["Ana Müller"],
            ["date_of_birth"] = ["1980-04-23"],
            ["preferred_contact"] = ["phone"],
            ["phone"] = ["+44 20 7946 0958"],
            ["smoker"] = ["current"],
            ["cigarettes_per_day"] = ["5"],
            ["medications_any"] = ["no"],
            ["wellbeing.sleep"] = ["2"],
            ["wellbeing.energy"] = ["1"],
            ["consent_treatment"] = ["true"],
            ["signature.name"] = ["Ana Müller"],
            ["signature.image"] = [png],
            ["height_cm"] = ["abc"],
        };

        var bound = FormPostBinder.Bind(SampleForms.Intake(), posted);
        Assert.Equal("height_cm", Assert.Single(bound.Errors).FieldId);
        Assert.Equal(new SignatureAnswer("Ana Müller", png), bound.Answers["signature"]);
        Assert.Equal("1", ((MatrixAnswer)bound.Answers["wellbeing"]).Rows["energy"]);
        Assert.True(new FormValidator().Validate(SampleForms.Intake(), bound.Answers).IsValid);
    }
}
