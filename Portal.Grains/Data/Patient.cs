namespace Portal.Grains.Data;

/// <summary>A patient's record. Its id is the patient's account id. PHI columns hold ciphertext only.</summary>
public sealed class Patient
{
    public Guid Id { get; set; }

    /// <summary>Full name, encrypted with the patient's data key.</summary>
    public byte[] FullNameCipher { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
}
