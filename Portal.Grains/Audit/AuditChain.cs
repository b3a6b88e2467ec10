using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Portal.Data.Audit;

namespace Portal.Grains.Audit;

/// <summary>
/// The hash that links each audit entry to the one before it:
/// <c>SHA-256(previous hash || canonical(entry))</c>, where the canonical form is the entry's sequence and every
/// field in a fixed order, each length-prefixed (so no two different entries encode alike). Times count in whole
/// microseconds, the precision every database keeps.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    public static byte[] Genesis => new byte[HashLength];

    public static byte[] Link(ReadOnlySpan<byte> previous, AuditEntry entry)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(Canonical(entry));
        return hash.GetHashAndReset();
    }

    /// <summary>Times are stored to the microsecond; the chain hashes what the database gives back.</summary>
    public static DateTime ToMicroseconds(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    private static byte[] Canonical(AuditEntry entry)
    {
        using var buffer = new MemoryStream(256);
        var number = new byte[8];
        void Long(long value) { BinaryPrimitives.WriteInt64BigEndian(number, value); buffer.Write(number); }
        void Text(string? value)
        {
            if (value is null) { Long(-1); return; }
            var bytes = Encoding.UTF8.GetBytes(value);
            Long(bytes.Length);
            buffer.Write(bytes);
        }
        void Id(Guid? value) => Text(value?.ToString("N"));

        buffer.Write("portal-audit-v1"u8);
        Long(entry.Sequence ?? throw new InvalidOperationException("An entry is hashed only once it has its place in the chain."));
        Long(ToMicroseconds(entry.TimestampUtc).Ticks / 10);
        Id(entry.ActorId);
        Text(entry.ActorRole);
        Id(entry.PatientId);
        Text(entry.Action);
        Text(entry.Outcome);
        Text(entry.TargetId);
        Text(entry.SourceIp);
        return buffer.ToArray();
    }
}
