using System.Security.Cryptography;
using System.Text;
using Portal.Grains.Encryption;

namespace Portal.Tests.Grains;

public sealed class PhiFieldsTests
{
    private static readonly Guid Row = Guid.Parse("0196a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b");

    /// <summary>The associated data is part of every stored ciphertext. These are the exact strings the product bound
    /// values to before the catalogue existed; a change here would make stored PHI unreadable (the upgrade test would
    /// then fail too, on real records).</summary>
    [Fact]
    public void Each_field_binds_to_the_same_bytes_as_before()
    {
        var expected = new Dictionary<PhiField, string>
        {
            [PhiFields.PatientFullName] = "patient:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:full-name",
            [PhiFields.PatientProfileDetails] = "patient-profile:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:details",
            [PhiFields.DiagnosisCode] = "diagnosis:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:code",
            [PhiFields.AppointmentDetails] = "appointment:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:details",
            [PhiFields.MessageSubject] = "message:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:subject",
            [PhiFields.MessageBody] = "message:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:body",
            [PhiFields.AttachmentFileName] = "attachment:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:file-name",
            [PhiFields.AttachmentContent] = "attachment:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:content",
            [PhiFields.AccountEmail] = "account:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:email",
            [PhiFields.BreakGlassReason] = "break-glass:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:reason",
            [PhiFields.RecipientKeyMaterial] = "recipient-key:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:material",
            [PhiFields.FormDraft] = "form-assignment:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:draft",
            [PhiFields.FormSubmissionRecord] = "form-submission:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:record",
            [PhiFields.FormFileName] = "form-file:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:file-name",
            [PhiFields.FormFileContent] = "form-file:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:content",
            [PhiFields.PublicFormFileName] = "public-form-file:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:file-name",
            [PhiFields.PublicFormFileContent] = "public-form-file:0196a3b27c4d7e8f9a0b1c2d3e4f5a6b:content",
        };
        Assert.Equal(expected.Keys.ToHashSet(), PhiFields.All.ToHashSet());
        foreach (var (field, bytes) in expected)
            Assert.Equal(Encoding.ASCII.GetBytes(bytes), field.AssociatedData(Row));
    }

    [Fact]
    public void A_sealed_value_opens_only_in_its_own_field_row_and_key()
    {
        var key = new DataKey(RandomNumberGenerator.GetBytes(32));
        var sealedName = key.Seal(PhiFields.PatientFullName, Row, "Ana Müller-Øberg");
        Assert.Equal("Ana Müller-Øberg", key.OpenText(PhiFields.PatientFullName, Row, sealedName));

        Assert.ThrowsAny<CryptographicException>(() => key.Open(PhiFields.MessageSubject, Row, sealedName));
        Assert.ThrowsAny<CryptographicException>(() => key.Open(PhiFields.PatientFullName, Guid.NewGuid(), sealedName));
        Assert.ThrowsAny<CryptographicException>(() => new DataKey(RandomNumberGenerator.GetBytes(32)).Open(PhiFields.PatientFullName, Row, sealedName));

        var other = new DataKey(RandomNumberGenerator.GetBytes(32));
        var moved = key.Reseal(PhiFields.PatientFullName, Row, sealedName, other);
        Assert.Equal("Ana Müller-Øberg", other.OpenText(PhiFields.PatientFullName, Row, moved));
        Assert.Throws<ArgumentException>(() => new DataKey(new byte[16]));
    }
}
