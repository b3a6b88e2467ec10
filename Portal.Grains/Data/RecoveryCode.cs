namespace Portal.Grains.Data;

/// <summary>A one-time recovery code, stored only as a SHA-256 hash (codes carry 80 random bits, so a hash cannot be reversed by search).</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}
