using System.Globalization;
using System.Text;
using Portal.Forms.Answers;
using Portal.Forms.Instruments;
using Portal.Forms.Rendering;
using Portal.Forms.Submissions;
using Portal.Forms.Versioning;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Portal.Tests.Forms;

public sealed class SubmissionPdfRendererTests
{
    private const string ScriptAnswer = "<script>alert(1)</script> & <b>bold</b>";
    private static readonly DateTimeOffset SubmittedAt = new(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(-5));
    private readonly SubmissionPdfRenderer _renderer = new();

    private static string LongMedicationList()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 180; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Medication line {i:000}: café-ü tablet {i} mg taken every morning with water, reviewed by Dr Müller. ");
            if (i % 25 == 0)
            {
                text.Append('\n');
            }
        }

        return text.ToString().TrimEnd();
    }

    private static (PublishedForm Form, FormSubmission Submission) IntakeSubmission()
    {
        var form = PublishedForm.Publish(SampleForms.Intake(), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var answers = FormValidatorTests.CompleteAnswers()
            .Set("smoker", new TextAnswer("current"))
            .Set("cigarettes_per_day", new NumberAnswer(12))
            .Set("conditions", new ListAnswer(["asthma", "hypertension"]))
            .Set("medications_any", new TextAnswer("yes"))
            .Set("medication_list", new TextAnswer(LongMedicationList()))
            .Set("prescription_scan", new FileAnswer("prescription.jpg", "image/jpeg", 348_160))
            .Set("history", new TextAnswer(ScriptAnswer + "\nAllergic to pénicilline; grüße from Zürich. Supercalifragilisticexpialidocious" + new string('x', 150)));
        var validation = new Portal.Forms.Validation.FormValidator().Validate(form.Definition, answers);
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));

        var evidence = new SignatureEvidence("patient-account-7f3a", SubmittedAt.AddSeconds(-30), "203.0.113.42");
        return (form, FormSubmission.Create(form, answers, "MRN 000123 (A. Müller)", SubmittedAt, evidence) with { SignedContentHash = ContentHash.Of("signed content of the intake") });
    }

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public void Every_answer_version_and_hash_can_be_read_back_from_the_pdf()
    {
        var (form, submission) = IntakeSubmission();
        var pdf = _renderer.Render(form, submission);
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "forms-submission-sample.pdf"), pdf);

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 3, $"Expected the long answer to run over pages, got {document.NumberOfPages}.");
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        var squashed = Squash(text);

        string[] expected =
        [
            "New patient intake",
            "Form version: 1",
            "Form content hash (SHA-256):" + form.ContentHash,
            "Signed content hash (SHA-256):" + submission.SignedContentHash!,
            "Submitted: 2025-03-14 14:26:53 UTC",
            "Patient: MRN 000123 (A. Müller)",
            "Ana Müller",
            "23 April 1980 (1980-04-23)",
            "12345678",
            "ana@example.org",
            "+1 (555) 010-2030",
            "168",
            "Email",
            "Yes",
            "12",
            "• Asthma",
            "• High blood pressure",
            "out of 10",
            "I slept well: Often",
            "I had enough energy: Sometimes",
            ScriptAnswer,
            "pénicilline; grüße from Zürich",
            "prescription.jpg (image/jpeg, 340 KB)",
            "Yes — agreed",
            "Typed name: Ana Müller",
            "Signer: patient-account-7f3a",
            "Signed at: 2025-03-14 14:26:23 UTC",
            "IP address: 203.0.113.42",
            $"Page 1 of {document.NumberOfPages}",
            $"Page {document.NumberOfPages} of {document.NumberOfPages}",
        ];
        foreach (var phrase in expected)
        {
            Assert.True(squashed.Contains(Squash(phrase), StringComparison.Ordinal), $"The PDF text lacks \"{phrase}\".");
        }

        // The long answer is wrapped across lines and pages, never cut: all of it is there in order once the
        // page footers, which sit below the body, are left out.
        var body = string.Concat(document.GetPages().SelectMany(p => p.Letters.Where(l => l.BoundingBox.Bottom > 70)).Select(l => l.Value));
        Assert.Contains(Squash(LongMedicationList()), Squash(body), StringComparison.Ordinal);
        foreach (var field in form.Definition.AllFields)
        {
            Assert.Contains(Squash(field.Label), squashed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Markup_in_answers_is_inert_text_and_the_pdf_carries_no_script()
    {
        var (form, submission) = IntakeSubmission();
        var pdf = _renderer.Render(form, submission);
        var raw = Encoding.Latin1.GetString(pdf);
        Assert.DoesNotContain("/JavaScript", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/JS", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/OpenAction", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/Launch", raw, StringComparison.Ordinal);

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        Assert.Contains("<script>alert(1)</script>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fonts_are_embedded_and_the_signature_image_is_drawn()
    {
        var (form, submission) = IntakeSubmission();
        using var document = PdfDocument.Open(_renderer.Render(form, submission));

        var fontNames = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).OfType<string>().Distinct().ToList();
        Assert.Contains(fontNames, n => n.EndsWith("+DejaVu Sans,Bold", StringComparison.Ordinal));
        Assert.Contains(fontNames, n => n.EndsWith("+DejaVu Sans", StringComparison.Ordinal));

        var embedded = 0;
        foreach (var page in document.GetPages())
        {
            var resources = (DictionaryToken)Resolve(document, page.Dictionary.Data["Resources"]);
            var fonts = (DictionaryToken)Resolve(document, resources.Data["Font"]);
            foreach (var font in fonts.Data.Values.Select(f => (DictionaryToken)Resolve(document, f)))
            {
                var descendant = (DictionaryToken)Resolve(document, ((ArrayToken)Resolve(document, font.Data["DescendantFonts"])).Data[0]);
                var descriptor = (DictionaryToken)Resolve(document, descendant.Data["FontDescriptor"]);
                Assert.True(descriptor.Data.ContainsKey("FontFile2"), $"Font {font.Data["BaseFont"]} is not embedded.");
                embedded++;
            }
        }

        Assert.True(embedded >= 2);

        var lastPage = document.GetPage(document.NumberOfPages);
        var image = Assert.Single(lastPage.GetImages());
        Assert.Equal(240, image.WidthInSamples);
        Assert.Equal(80, image.HeightInSamples);
    }

    [Fact]
    public void Scores_bands_and_flags_are_printed_first()
    {
        var form = PublishedForm.Publish(Phq9.Create(), DateTimeOffset.UnixEpoch);
        var answers = new FormAnswers();
        var points = new[] { 2, 2, 2, 2, 2, 1, 1, 1, 1 };
        for (var i = 0; i < 9; i++)
        {
            answers.Set(Phq9.ItemIds[i], new TextAnswer(points[i].ToString(CultureInfo.InvariantCulture)));
        }

        answers.Set(Phq9.DifficultyId, new TextAnswer("somewhat"));
        var pdf = _renderer.Render(form, FormSubmission.Create(form, answers, "MRN 9", SubmittedAt));
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "forms-phq9-sample.pdf"), pdf);

        using var document = PdfDocument.Open(pdf);
        var text = Squash(string.Concat(document.GetPages().Select(p => p.Text)));
        var total = Squash("PHQ-9 total: 14 of 27 — Moderate depression");
        Assert.Contains(total, text, StringComparison.Ordinal);
        Assert.Contains(Squash("review for suicide risk today"), text, StringComparison.Ordinal);
        Assert.Contains(Squash("Several days (1)"), text, StringComparison.Ordinal);
        Assert.Contains(Squash("Somewhat difficult"), text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(total, StringComparison.Ordinal) < text.IndexOf(Squash("Little interest"), StringComparison.Ordinal));
    }

    [Fact]
    public void An_incomplete_score_is_printed_as_incomplete_not_as_a_low_total()
    {
        var form = PublishedForm.Publish(Gad7.Create(), DateTimeOffset.UnixEpoch);
        var answers = new FormAnswers().Set("gad7_1", new TextAnswer("3"));
        using var document = PdfDocument.Open(_renderer.Render(form, FormSubmission.Create(form, answers, "MRN 9", SubmittedAt)));
        var text = Squash(string.Concat(document.GetPages().Select(p => p.Text)));
        Assert.Contains(Squash("GAD-7 total: incomplete"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("GAD-7 total: 3"), text, StringComparison.Ordinal);
        Assert.Contains(Squash("(no answer)"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submission_for_another_version_is_refused()
    {
        var (form, submission) = IntakeSubmission();
        var other = PublishedForm.Publish(SampleForms.Intake(version: 2), DateTimeOffset.UnixEpoch);
        Assert.Throws<ArgumentException>(() => _renderer.Render(other, submission));
        Assert.NotEmpty(_renderer.Render(form, submission));
    }

    [Fact]
    public async Task Rendering_is_safe_from_several_threads_at_once()
    {
        var (form, submission) = IntakeSubmission();
        var pdfs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new SubmissionPdfRenderer().Render(form, submission))));
        foreach (var pdf in pdfs)
        {
            using var document = PdfDocument.Open(pdf);
            Assert.Contains(form.ContentHash, Squash(string.Concat(document.GetPages().Select(p => p.Text))), StringComparison.Ordinal);
        }
    }

    private static IToken Resolve(PdfDocument document, IToken token) =>
        token is IndirectReferenceToken reference ? document.Structure.GetObject(reference.Data).Data : token;
}
