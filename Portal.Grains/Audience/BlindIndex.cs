using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portal.Data.Audience;
using Portal.Grains.Encryption;

namespace Portal.Grains.Audience;

/// <summary>
/// Keyed hashes of coded values (diagnosis codes, flags, tags, look-up values) that the database can compare but not
/// read. The key is random, made once per organisation and stored only protected by the key-encryption key, so a
/// copy of the database without the KEK cannot test a guess ("is E11 among these tokens?"); KEK rotation re-protects
/// it without changing any token.
/// </summary>
public sealed class BlindIndex(OrganisationKeys keys)
{
    public const string Purpose = "blind-index-v1";
    public const int TokenLength = 16;

    /// <summary>The token of one value of one kind (the value is normalised first).</summary>
    public async ValueTask<byte[]> TokenAsync(TokenKind kind, string value) => Hash(await KeyAsync(), kind, Normalise(kind, value));

    /// <summary>Every token a diagnosis code is found by: the whole code and, for ICD-10-CM, each prefix of three
    /// characters or more (E11, E116, E1165), so a segment can ask for a category.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> DiagnosisTokensAsync(CodeSystem system, string code)
    {
        var key = await KeyAsync();
        return [.. DiagnosisValues(system, code).Select(v => Hash(key, TokenKind.Diagnosis, v))];
    }

    /// <summary>The token a segment uses for "has a diagnosis with this code or code prefix".</summary>
    public async ValueTask<byte[]> DiagnosisQueryTokenAsync(CodeSystem system, string codeOrPrefix) =>
        Hash(await KeyAsync(), TokenKind.Diagnosis, $"{Prefix(system)}{NormaliseCode(codeOrPrefix)}");

    public static IEnumerable<string> DiagnosisValues(CodeSystem system, string code)
    {
        var normal = NormaliseCode(code);
        if (system != CodeSystem.Icd10Cm || normal.Length <= 3)
        {
            yield return $"{Prefix(system)}{normal}";
            yield break;
        }
        for (var length = 3; length <= normal.Length; length++)
            yield return $"{Prefix(system)}{normal[..length]}";
    }

    /// <summary>ICD-10-CM codes compare without their dot and case ("e11.65" is "E1165").</summary>
    public static string NormaliseCode(string code) => code.Trim().Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();

    public static string Normalise(TokenKind kind, string value) => kind switch
    {
        TokenKind.Email => value.Trim().ToLowerInvariant(),
        TokenKind.NameWord => RemoveDiacritics(value.Trim()).ToLowerInvariant(),
        TokenKind.RecordNumber or TokenKind.ExternalId => value.Trim().ToUpperInvariant(),
        _ => value.Trim().ToLowerInvariant(),
    };

    /// <summary>The words of a name that a search can find it by ("María José O'Neil" gives maria, jose, oneil).</summary>
    public static IEnumerable<string> NameWords(string name) =>
        RemoveDiacritics(name).ToLowerInvariant()
            .Split([' ', '-', ',', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsLetterOrDigit)]))
            .Where(w => w.Length > 0).Distinct();

    private static string Prefix(CodeSystem system) => system == CodeSystem.Icd10Cm ? "icd10cm:" : "sct:";

    private static string RemoveDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).Normalize(NormalizationForm.FormC);
    }

    private static byte[] Hash(byte[] key, TokenKind kind, string normalised) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{(int)kind}:{normalised}"))[..TokenLength];

    private ValueTask<byte[]> KeyAsync() => keys.GetAsync(Purpose);
}
