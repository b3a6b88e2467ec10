using Portal.Forms.Answers;
using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class FormValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly FormValidator _validator = new(new FixedClock(Now));

    internal static FormAnswers CompleteAnswers() => new FormAnswers()
        .Set("full_name", new TextAnswer("Ana Müller"))
        .Set("date_of_birth", new DateAnswer(new DateOnly(1980, 4, 23)))
        .Set("member_number", new TextAnswer("12345678"))
        .Set("email", new TextAnswer("ana@example.org"))
        .Set("phone", new TextAnswer("+1 (555) 010-2030"))
        .Set("height_cm", new NumberAnswer(168))
        .Set("preferred_contact", new TextAnswer("email"))
        .Set("smoker", new TextAnswer("never"))
        .Set("conditions", new ListAnswer(["asthma"]))
        .Set("medications_any", new TextAnswer("no"))
        .Set("pain_today", new NumberAnswer(2))
        .Set("wellbeing", new MatrixAnswer(new Dictionary<string, string> { ["sleep"] = "3", ["energy"] = "2" }))
        .Set("consent_treatment", new BooleanAnswer(true))
        .Set("signature", new SignatureAnswer("Ana Müller", TestPng.DataUri(TestPng.Signature())));

    private FormValidationResult Validate(FormAnswers answers) => _validator.Validate(SampleForms.Intake(), answers);

    private static string SingleErrorField(FormValidationResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors).FieldId;
    }

    [Fact]
    public void A_complete_set_of_answers_is_accepted()
    {
        var result = Validate(CompleteAnswers());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("full_name")]
    [InlineData("date_of_birth")]
    [InlineData("smoker")]
    [InlineData("signature")]
    public void A_required_visible_question_left_blank_is_an_error(string fieldId)
    {
        var answers = CompleteAnswers();
        answers.Remove(fieldId);
        var result = Validate(answers);
        Assert.Equal(fieldId, SingleErrorField(result));
        Assert.Equal("This question needs an answer.", result.Errors[0].Message);
    }

    [Fact]
    public void Whitespace_counts_as_no_answer()
    {
        var result = Validate(CompleteAnswers().Set("full_name", new TextAnswer("   ")));
        Assert.Equal("full_name", SingleErrorField(result));
    }

    [Fact]
    public void Consent_must_be_given_when_required()
    {
        var result = Validate(CompleteAnswers().Set("consent_treatment", new BooleanAnswer(false)));
        Assert.Equal("consent_treatment", SingleErrorField(result));
        Assert.Contains("consent", result.Errors[0].Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_answer_to_a_hidden_question_is_refused_not_kept()
    {
        // cigarettes_per_day shows only to current smokers; this patient said "never".
        var result = Validate(CompleteAnswers().Set("cigarettes_per_day", new NumberAnswer(10)));
        Assert.Equal("cigarettes_per_day", SingleErrorField(result));
        Assert.Contains("does not apply", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conditional_question_becomes_required_once_shown()
    {
        var answers = CompleteAnswers().Set("smoker", new TextAnswer("current"));
        Assert.Equal("cigarettes_per_day", SingleErrorField(Validate(answers)));
        Assert.True(Validate(answers.Set("cigarettes_per_day", new NumberAnswer(10))).IsValid);
    }

    [Fact]
    public void Answers_on_a_skipped_page_are_refused_and_its_required_questions_are_not_demanded()
    {
        // "No regular medication" skips the medications page, whose list is required when shown.
        Assert.True(Validate(CompleteAnswers()).IsValid);
        var result = Validate(CompleteAnswers().Set("medication_list", new TextAnswer("Metformin 500 mg")));
        Assert.Equal("medication_list", SingleErrorField(result));

        var onPath = CompleteAnswers().Set("medications_any", new TextAnswer("yes"));
        Assert.Equal("medication_list", SingleErrorField(Validate(onPath)));
        Assert.True(Validate(onPath.Set("medication_list", new TextAnswer("Metformin 500 mg"))).IsValid);
    }

    [Fact]
    public void An_unknown_question_is_an_error()
    {
        var result = Validate(CompleteAnswers().Set("favourite_colour", new TextAnswer("blue")));
        Assert.Equal("favourite_colour", SingleErrorField(result));
        Assert.Equal("This question is not part of the form.", result.Errors[0].Message);
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234567a")]
    [InlineData("12345678\n")]
    public void A_text_that_does_not_match_the_pattern_gets_the_authors_message(string memberNumber)
    {
        var result = Validate(CompleteAnswers().Set("member_number", new TextAnswer(memberNumber)));
        Assert.Equal("member_number", SingleErrorField(result));
        Assert.Equal("Enter the 8-digit member number from your card.", result.Errors[0].Message);
    }

    [Theory]
    [InlineData(29.9)]
    [InlineData(250.1)]
    [InlineData(-5)]
    public void A_number_out_of_range_is_an_error(double height)
    {
        var result = Validate(CompleteAnswers().Set("height_cm", new NumberAnswer((decimal)height)));
        Assert.Equal("height_cm", SingleErrorField(result));
        Assert.Equal("Enter a number from 30 to 250.", result.Errors[0].Message);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(250)]
    public void Range_bounds_are_inclusive(int height) =>
        Assert.True(Validate(CompleteAnswers().Set("height_cm", new NumberAnswer(height))).IsValid);

    [Theory]
    [InlineData("1899-12-31", "on or after")]
    [InlineData("2025-06-17", "not in the future")]
    [InlineData("2030-01-01", "not in the future")]
    public void A_date_outside_its_bounds_is_an_error(string date, string expectedWording)
    {
        var result = Validate(CompleteAnswers().Set("date_of_birth", new DateAnswer(DateOnly.Parse(date))));
        Assert.Equal("date_of_birth", SingleErrorField(result));
        Assert.Contains(expectedWording, result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("2025-06-15")]
    [InlineData("2025-06-16")] // already "today" for a patient east of UTC+12
    public void Dates_on_the_bounds_are_accepted(string date) =>
        Assert.True(Validate(CompleteAnswers().Set("date_of_birth", new DateAnswer(DateOnly.Parse(date)))).IsValid);

    [Theory]
    [InlineData("preferred_contact", "fax")]
    [InlineData("smoker", "sometimes")]
    public void A_choice_not_offered_is_an_error(string fieldId, string value)
    {
        var result = Validate(CompleteAnswers().Set(fieldId, new TextAnswer(value)));
        Assert.Equal(fieldId, SingleErrorField(result));
        Assert.Equal("Choose one of the options offered.", result.Errors[0].Message);
    }

    [Fact]
    public void Multiple_choice_refuses_unknown_options_and_too_many_picks()
    {
        Assert.Equal("conditions", SingleErrorField(Validate(CompleteAnswers().Set("conditions", new ListAnswer(["asthma", "gout"])))));
        Assert.Equal("conditions", SingleErrorField(Validate(CompleteAnswers().Set("conditions", new ListAnswer(["asthma", "diabetes", "hypertension", "none"])))));
    }

    [Fact]
    public void Matrix_refuses_rows_and_points_not_offered()
    {
        var badRow = new MatrixAnswer(new Dictionary<string, string> { ["sleep"] = "3", ["mood"] = "2" });
        var badPoint = new MatrixAnswer(new Dictionary<string, string> { ["sleep"] = "9" });
        Assert.Equal("wellbeing", SingleErrorField(Validate(CompleteAnswers().Set("wellbeing", badRow))));
        Assert.Equal("wellbeing", SingleErrorField(Validate(CompleteAnswers().Set("wellbeing", badPoint))));
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "Ana <ana@example.org>")]
    [InlineData("email", "ana@localhost")]
    [InlineData("phone", "call me")]
    [InlineData("phone", "12345")]
    [InlineData("phone", "+1 555 010 2030 1234 5678")]
    public void Badly_formatted_contact_details_are_errors(string fieldId, string value) =>
        Assert.Equal(fieldId, SingleErrorField(Validate(CompleteAnswers().Set(fieldId, new TextAnswer(value)))));

    [Fact]
    public void An_answer_of_the_wrong_kind_is_an_error()
    {
        var result = Validate(CompleteAnswers().Set("height_cm", new TextAnswer("tall")));
        Assert.Equal("height_cm", SingleErrorField(result));
        Assert.Equal("This answer is not the right kind for this question.", result.Errors[0].Message);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(-1)]
    [InlineData(4.5)]
    public void A_scale_answer_must_be_a_whole_number_from_0_to_10(double value) =>
        Assert.Equal("pain_today", SingleErrorField(Validate(CompleteAnswers().Set("pain_today", new NumberAnswer((decimal)value)))));

    [Fact]
    public void Text_longer_than_the_limit_is_an_error()
    {
        var result = Validate(CompleteAnswers().Set("full_name", new TextAnswer(new string('x', 101))));
        Assert.Equal("full_name", SingleErrorField(result));
        Assert.Contains("at most 100", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_needs_a_png_drawing_within_the_size_limit()
    {
        var notPng = new SignatureAnswer("Ana Müller", "data:image/png;base64," + Convert.ToBase64String("%PDF-1.7 not an image"u8.ToArray()));
        var jpeg = new SignatureAnswer("Ana Müller", "data:image/jpeg;base64,/9j/4AAQ");
        var huge = new byte[SignatureImage.MaxImageBytes + 1];
        TestPng.Signature().CopyTo(huge, 0);
        var tooLarge = new SignatureAnswer("Ana Müller", TestPng.DataUri(huge));
        var noName = new SignatureAnswer("", TestPng.DataUri(TestPng.Signature()));

        foreach (var signature in new[] { notPng, jpeg, tooLarge, noName })
        {
            Assert.Equal("signature", SingleErrorField(Validate(CompleteAnswers().Set("signature", signature))));
        }
    }

    [Fact]
    public void Upload_metadata_must_name_an_allowed_kind_within_the_forms_limit()
    {
        var onPath = CompleteAnswers().Set("medications_any", new TextAnswer("yes")).Set("medication_list", new TextAnswer("None"));
        Assert.True(Validate(onPath.Set("prescription_scan", new FileAnswer("rx.jpg", "image/jpeg", 400_000))).IsValid);
        Assert.Equal("prescription_scan", SingleErrorField(Validate(onPath.Set("prescription_scan", new FileAnswer("rx.jpg", "image/jpeg", 6 * 1024 * 1024)))));
        Assert.Equal("prescription_scan", SingleErrorField(Validate(onPath.Set("prescription_scan", new FileAnswer("rx.exe", "application/x-msdownload", 1000)))));
        Assert.Equal("prescription_scan", SingleErrorField(Validate(onPath.Set("prescription_scan", new FileAnswer("rx.pdf", "image/png", 1000)))));
    }

    [Fact]
    public void A_catastrophic_pattern_times_out_instead_of_hanging()
    {
        var form = SampleForms.Intake() is var f
            ? f with { Pages = [f.Pages[0] with { Fields = [f.Pages[0].Fields[0] with { Rules = new() { Pattern = "(a+)+b", MaxLength = 500 } }] }] }
            : throw new InvalidOperationException();
        var hostile = new FormAnswers().Set("full_name", new TextAnswer(new string('a', 400) + "!"));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = _validator.Validate(form, hostile);
        watch.Stop();

        Assert.Equal("full_name", SingleErrorField(result));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Validation took {watch.Elapsed}.");
    }

    [Fact]
    public void Errors_come_back_in_form_order()
    {
        var answers = CompleteAnswers();
        answers.Remove("full_name");
        answers.Remove("smoker");
        answers.Set("height_cm", new NumberAnswer(1));
        var result = Validate(answers);
        Assert.Equal(["full_name", "height_cm", "smoker"], result.Errors.Select(e => e.FieldId));
    }
}
