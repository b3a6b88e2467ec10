using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;
using Portal.Forms.Scoring;
using Portal.Forms.Submissions;
using Portal.Forms.Validation;
using Portal.Forms.Versioning;

namespace Portal.Forms.Rendering;

/// <summary>
/// Renders a submission as an A4 PDF: header with version, content hash and patient reference, scores
/// and flags first (what staff act on), then every visible question with its answer, then the signature.
/// Fonts are embedded so the record reads the same on any machine, years later.
/// </summary>
public sealed class SubmissionPdfRenderer : ISubmissionPdfRenderer
{
    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(90, 90, 90));
    private static readonly XBrush Alert = new XSolidBrush(XColor.FromArgb(170, 20, 20));

    /// <summary>Creates the renderer and makes sure the embedded fonts are available to PDFsharp.</summary>
    public SubmissionPdfRenderer()
    {
        EmbeddedFontResolver.EnsureRegistered();
    }

    /// <inheritdoc />
    public byte[] Render(PublishedForm form, FormSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(submission);
        if (!submission.WasAnsweredOn(form))
        {
            throw new ArgumentException("The submission answered a different version of the form than the one given.", nameof(submission));
        }

        var fonts = new Fonts();
        var definition = form.Definition;
        var visibility = FormNavigator.Evaluate(definition, submission.Answers);
        var scores = FormScorer.Score(definition, submission.Answers);

        using var document = new PdfDocument();
        document.Info.Title = $"{definition.Title} (version {form.Version})";
        document.Info.Creator = "Portal";
        using (var writer = new PdfFlowWriter(document))
        {
            WriteHeader(writer, fonts, form, submission);
            WriteScores(writer, fonts, definition, scores);
            WriteAnswers(writer, fonts, visibility, submission.Signature);
            writer.Footers($"{definition.Title} \u00b7 version {form.Version} \u00b7 Confidential: protected health information", fonts.Small);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void WriteHeader(PdfFlowWriter writer, Fonts fonts, PublishedForm form, FormSubmission submission)
    {
        writer.Text(form.Definition.Title, fonts.Title, Ink, spacingAfter: 6);
        writer.Text($"Form version: {form.Version}", fonts.Body, Ink);
        writer.Text($"Submitted: {Utc(submission.SubmittedAtUtc)}", fonts.Body, Ink);
        writer.Text($"Patient: {submission.PatientReference}", fonts.Body, Ink);
        writer.Text($"Submission: {submission.Id}", fonts.Small, Muted);
        writer.Text("Form content hash (SHA-256):", fonts.Small, Muted, spacingAfter: 0);
        writer.Text(form.ContentHash, fonts.Small, Muted, spacingAfter: submission.SignedContentHash is null ? 6 : 0);
        if (submission.SignedContentHash is not null)
        {
            writer.Text("Signed content hash (SHA-256):", fonts.Small, Muted, spacingAfter: 0);
            writer.Text(submission.SignedContentHash, fonts.Small, Muted, spacingAfter: 6);
        }

        writer.Rule();
    }

    private static void WriteScores(PdfFlowWriter writer, Fonts fonts, FormDefinition definition, ScoreReport report)
    {
        if (report.Scores.Count == 0 && report.Flags.Count == 0)
        {
            return;
        }

        writer.KeepTogether(40);
        writer.Text("Scores", fonts.Heading, Ink, spacingAfter: 4);
        foreach (var score in report.Scores)
        {
            if (score.Total is { } total)
            {
                var outOf = score.MaxPossible is { } max ? $" of {AnswerFormatter.Number(max)}" : "";
                var band = score.Band is null ? "" : $" \u2014 {score.Band.Label}";
                writer.Text($"{score.Label}: {AnswerFormatter.Number(total)}{outOf}{band}", fonts.Bold, Ink);
            }
            else
            {
                var missing = string.Join(", ", score.MissingItemIds.Select(id => definition.FindField(id)?.Label ?? id));
                writer.Text($"{score.Label}: incomplete \u2014 no total reported because {score.MissingItemIds.Count} item(s) were not answered: {missing}", fonts.Bold, Alert);
            }
        }

        if (report.Flags.Count > 0)
        {
            writer.Space(4);
            writer.Text("Flags for staff attention", fonts.Heading, Alert, spacingAfter: 4);
            foreach (var flag in report.Flags)
            {
                writer.Text($"\u26a0 {flag.Message} (item score {AnswerFormatter.Number(flag.ItemScore)})", fonts.Bold, Alert);
            }
        }

        writer.Space(4);
        writer.Rule();
    }

    private static void WriteAnswers(PdfFlowWriter writer, Fonts fonts, FormVisibility visibility, SignatureEvidence? evidence)
    {
        foreach (var page in visibility.VisiblePages)
        {
            writer.KeepTogether(60);
            writer.Text(page.Title, fonts.Heading, Ink, spacingAfter: 2);
            if (page.Description is { } description)
            {
                writer.Text(description, fonts.Body, Muted, spacingAfter: 6);
            }

            foreach (var field in visibility.VisibleFieldsOf(page))
            {
                var answer = visibility.EffectiveAnswers.Find(field.Id);
                if (answer is SignatureAnswer signature)
                {
                    WriteSignature(writer, fonts, field, signature, evidence);
                    continue;
                }

                var lines = AnswerFormatter.Format(field, answer);

                // Short questions stay whole on one page; long answers may flow on, or they would leave half-empty pages.
                writer.KeepTogether(Math.Min(150, (lines.Count + 2) * fonts.Body.GetHeight() * 1.15));
                writer.Text(field.Label, fonts.Bold, Ink, spacingAfter: 1);
                foreach (var line in lines)
                {
                    writer.Text(line, fonts.Body, answer is null ? Muted : Ink, indent: 12, spacingAfter: 1);
                }

                writer.Space(6);
            }
        }
    }

    private static void WriteSignature(PdfFlowWriter writer, Fonts fonts, FieldDefinition field, SignatureAnswer signature, SignatureEvidence? evidence)
    {
        writer.KeepTogether(180);
        writer.Text(field.Label, fonts.Bold, Ink, spacingAfter: 1);
        writer.Text("Electronic signature", fonts.Body, Muted, indent: 12, spacingAfter: 1);
        writer.Text($"Typed name: {signature.TypedName}", fonts.Body, Ink, indent: 12, spacingAfter: 1);
        if (evidence is not null)
        {
            writer.Text($"Signer: {evidence.SignerReference}", fonts.Body, Ink, indent: 12, spacingAfter: 1);
            writer.Text($"Signed at: {Utc(evidence.SignedAtUtc)}", fonts.Body, Ink, indent: 12, spacingAfter: 1);
            writer.Text($"IP address: {evidence.IpAddress}", fonts.Body, Ink, indent: 12, spacingAfter: 1);
        }

        if (string.IsNullOrWhiteSpace(signature.DrawnImageDataUri))
        {
            writer.Text("Signed with the typed name only (no drawing).", fonts.Body, Muted, indent: 12);
        }
        else if (SignatureImage.TryDecode(signature.DrawnImageDataUri, out var png, out _))
        {
            using var image = XImage.FromStream(new MemoryStream(png, writable: false));
            writer.Space(4);
            writer.Image(image, maxWidth: 220, maxHeight: 80, indent: 12);
        }
        else
        {
            writer.Text("(the drawn signature could not be read)", fonts.Body, Alert, indent: 12);
        }

        writer.Space(6);
    }

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private sealed class Fonts
    {
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        public XFont Title { get; } = new(EmbeddedFontResolver.FamilyName, 16, XFontStyleEx.Bold, Unicode);

        public XFont Heading { get; } = new(EmbeddedFontResolver.FamilyName, 12, XFontStyleEx.Bold, Unicode);

        public XFont Bold { get; } = new(EmbeddedFontResolver.FamilyName, 10, XFontStyleEx.Bold, Unicode);

        public XFont Body { get; } = new(EmbeddedFontResolver.FamilyName, 10, XFontStyleEx.Regular, Unicode);

        public XFont Small { get; } = new(EmbeddedFontResolver.FamilyName, 8, XFontStyleEx.Regular, Unicode);
    }
}
