using System.Text;
using System.Text.Json;
using Portal.Forms.Answers;
using Portal.Forms.Versioning;
using Portal.Grains.Encryption;
using Portal.Data.Forms;

namespace Portal.Grains.Forms;

/// <summary>
/// Seals a signed submission: the exact signed content (canonical answers + the form's content hash), its SHA-256,
/// the signer, time and address, encrypted together with AES-GCM so that any change to the stored record, to its
/// clear copies or to the ciphertext itself is detected when it is opened.
/// </summary>
public static class SubmissionSeal
{
    /// <summary>What the signer signed: the form version (by hash) and every answer, in canonical JSON.</summary>
    public sealed record SignedContent(string FormId, int FormVersion, string FormContentHash, FormAnswers Answers);

    private sealed record SealedRecord(
        Guid SubmissionId,
        Guid? AssignmentId,
        string SignedContentJson,
        string SignedContentHash,
        Guid? SignerId,
        string SignerReference,
        DateTimeOffset SignedAtUtc,
        string IpAddress);

    public static string Serialize(FormAnswers answers) => JsonSerializer.Serialize(answers, FormJson.Options);

    public static FormAnswers DeserializeAnswers(string json) =>
        JsonSerializer.Deserialize<FormAnswers>(json, FormJson.Options) ?? new FormAnswers();

    /// <summary>Builds the stored row; <paramref name="key"/> is the patient's data key or the submission's own.</summary>
    public static FormSubmissionRecord Seal(
        DataKey key, Guid submissionId, Guid? patientId, Guid? assignmentId, PublishedForm form, FormAnswers answers,
        Guid? signerId, string signerReference, DateTimeOffset signedAtUtc, string ipAddress)
    {
        var content = JsonSerializer.Serialize(new SignedContent(form.FormId, form.Version, form.ContentHash, answers), FormJson.Options);
        var hash = ContentHash.Of(content);
        var record = new SealedRecord(submissionId, assignmentId, content, hash, signerId, signerReference, signedAtUtc, ipAddress);
        return new FormSubmissionRecord
        {
            Id = submissionId,
            PatientId = patientId,
            AssignmentId = assignmentId,
            FormId = form.FormId,
            FormVersion = form.Version,
            FormContentHash = form.ContentHash,
            SignedContentHash = hash,
            SignerId = signerId,
            SubmittedUtc = signedAtUtc.UtcDateTime,
            RecordCipher = key.Seal(PhiFields.FormSubmissionRecord, submissionId, JsonSerializer.SerializeToUtf8Bytes(record, FormJson.Options)),
        };
    }

    /// <summary>Decrypts and checks a stored submission.</summary>
    /// <exception cref="SubmissionTamperedException">The ciphertext, its hash or a clear column was changed.</exception>
    public static SubmissionView Open(DataKey key, FormSubmissionRecord row)
    {
        SealedRecord record;
        try
        {
            record = JsonSerializer.Deserialize<SealedRecord>(key.Open(PhiFields.FormSubmissionRecord, row.Id, row.RecordCipher), FormJson.Options)
                ?? throw new SubmissionTamperedException("The stored submission is empty.");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new SubmissionTamperedException("The stored submission does not decrypt: it was changed or belongs elsewhere.");
        }

        var content = JsonSerializer.Deserialize<SignedContent>(record.SignedContentJson, FormJson.Options)!;
        (string Part, bool Holds)[] checks =
        [
            ("id", record.SubmissionId == row.Id),
            ("content hash", ContentHash.AreEqual(ContentHash.Of(record.SignedContentJson), record.SignedContentHash)
                && ContentHash.AreEqual(record.SignedContentHash, row.SignedContentHash)),
            ("form", content.FormId == row.FormId && content.FormVersion == row.FormVersion && ContentHash.AreEqual(content.FormContentHash, row.FormContentHash)),
            ("assignment", record.AssignmentId == row.AssignmentId),
            ("signer", record.SignerId == row.SignerId),
            ("time", record.SignedAtUtc.UtcDateTime == row.SubmittedUtc),
        ];
        if (checks.FirstOrDefault(c => !c.Holds) is { Part: { } part })
            throw new SubmissionTamperedException($"The stored submission does not match what was signed ({part}).");

        return new SubmissionView(row.Id, row.PatientId, row.FormId, row.FormVersion, row.FormContentHash, Serialize(content.Answers),
            record.SignedContentJson, record.SignedContentHash, record.SignerReference, record.SignedAtUtc, record.IpAddress, row.AssignmentId);
    }

    /// <summary>Moves a sealed record under another key without touching its content (attaching a public submission to a patient).</summary>
    public static byte[] Rekey(DataKey fromKey, DataKey toKey, FormSubmissionRecord row)
    {
        Open(fromKey, row);
        return fromKey.Reseal(PhiFields.FormSubmissionRecord, row.Id, row.RecordCipher, toKey);
    }

}
