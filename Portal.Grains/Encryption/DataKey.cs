using System.Text;

namespace Portal.Grains.Encryption;

/// <summary>
/// A data key that encrypts PHI: a patient's (from <see cref="PatientKeyRing"/>), or an anonymous public submission's
/// own until staff attach it to a patient. Values are sealed to a <see cref="PhiField"/> and a row, and open only there.
/// </summary>
public sealed class DataKey
{
    private readonly byte[] _key;

    public DataKey(byte[] key)
    {
        if (key.Length != 32)
            throw new ArgumentException("A data key is 32 bytes (AES-256).", nameof(key));
        _key = key;
    }

    public byte[] Seal(PhiField field, Guid rowId, ReadOnlySpan<byte> value) => PhiCipher.Encrypt(_key, value, field.AssociatedData(rowId));

    public byte[] Seal(PhiField field, Guid rowId, string value) => Seal(field, rowId, Encoding.UTF8.GetBytes(value));

    /// <exception cref="System.Security.Cryptography.CryptographicException">The value was changed, or belongs to another field, row or key.</exception>
    public byte[] Open(PhiField field, Guid rowId, ReadOnlySpan<byte> sealedValue) => PhiCipher.Decrypt(_key, sealedValue, field.AssociatedData(rowId));

    public string OpenText(PhiField field, Guid rowId, ReadOnlySpan<byte> sealedValue) => Encoding.UTF8.GetString(Open(field, rowId, sealedValue));

    /// <summary>Moves a value sealed with this key to <paramref name="target"/> (an anonymous submission attached to a patient).</summary>
    public byte[] Reseal(PhiField field, Guid rowId, ReadOnlySpan<byte> sealedValue, DataKey target) => target.Seal(field, rowId, Open(field, rowId, sealedValue));
}
