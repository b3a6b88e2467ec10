using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Audience;

/// <summary>What a blind-index token stands for. The kind is also inside the keyed hash, so equal values of two
/// kinds never share a token.</summary>
public enum TokenKind : byte
{
    /// <summary>A diagnosis code or one of its prefixes of three characters or more (E11, E11.6, E11.65).</summary>
    Diagnosis = 1,
    RiskFlag = 2,
    Tag = 3,

    /// <summary>Look-ups for finding a patient: one word of the name, the email, the date of birth, the record number.</summary>
    NameWord = 10,
    Email = 11,
    DateOfBirth = 12,
    RecordNumber = 13,

    /// <summary>The id a source system (an EHR export, a CSV) gave the patient, so a re-import updates.</summary>
    ExternalId = 14,
}

/// <summary>
/// A keyed hash (HMAC-SHA-256, first 16 bytes) of one coded value of a patient, under an index key that the database
/// holds only wrapped by the key-encryption key: the database can find equal values without anyone reading them.
/// </summary>
public sealed class PatientToken
{
    public Guid PatientId { get; set; }
    public TokenKind Kind { get; set; }
    public byte[] Token { get; set; } = [];
}

public sealed class PatientTokenConfiguration : IEntityTypeConfiguration<PatientToken>
{
    public void Configure(EntityTypeBuilder<PatientToken> token)
    {
        token.ToTable("PatientTokens");
        token.HasKey(t => new { t.PatientId, t.Kind, t.Token });
        token.Property(t => t.Token).HasMaxLength(16);
        // Segments and search go from the token to the patients that have it.
        token.HasIndex(t => new { t.Token, t.PatientId });
        token.HasOne<Patient>().WithMany().HasForeignKey(t => t.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
