using System.Security.Cryptography;
using System.Text;

namespace Portal.Forms.Versioning;

/// <summary>SHA-256 over canonical JSON, written as lowercase hex.</summary>
public static class ContentHash
{
    /// <summary>Hashes the UTF-8 bytes of the text.</summary>
    public static string Of(string canonicalJson)
    {
        ArgumentNullException.ThrowIfNull(canonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));
    }

    /// <summary>Compares two hashes in constant time, as they may guard stored evidence.</summary>
    public static bool AreEqual(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right));
}
