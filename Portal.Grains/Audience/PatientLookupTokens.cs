using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;

namespace Portal.Grains.Audience;

/// <summary>
/// Computes a patient's blind-index tokens from what is known about them and writes them in the caller's
/// transaction, replacing the kinds given (a diagnosis token shared by two codes, E11 for E11.9 and E11.65, is
/// computed from all of them at once, so removing one code never drops the other's category).
/// </summary>
public sealed class PatientLookupTokens(BlindIndex index)
{
    public static readonly TokenKind[] IdentityKinds = [TokenKind.NameWord, TokenKind.Email];
    public static readonly TokenKind[] ProfileKinds = [TokenKind.RiskFlag, TokenKind.Tag, TokenKind.DateOfBirth, TokenKind.RecordNumber, TokenKind.ExternalId];
    public static readonly TokenKind[] DiagnosisKinds = [TokenKind.Diagnosis];

    public async Task<List<(TokenKind, byte[])>> IdentityAsync(string fullName, string? email)
    {
        var tokens = new List<(TokenKind, byte[])>();
        foreach (var word in BlindIndex.NameWords(fullName))
            tokens.Add((TokenKind.NameWord, await index.TokenAsync(TokenKind.NameWord, word)));
        if (!string.IsNullOrWhiteSpace(email))
            tokens.Add((TokenKind.Email, await index.TokenAsync(TokenKind.Email, email)));
        return tokens;
    }

    public async Task<List<(TokenKind, byte[])>> ProfileAsync(ProfileDetails details)
    {
        var tokens = new List<(TokenKind, byte[])>();
        foreach (var flag in details.RiskFlags)
            tokens.Add((TokenKind.RiskFlag, await index.TokenAsync(TokenKind.RiskFlag, flag)));
        foreach (var tag in details.Tags)
            tokens.Add((TokenKind.Tag, await index.TokenAsync(TokenKind.Tag, tag)));
        if (details.DateOfBirth is { } dob)
            tokens.Add((TokenKind.DateOfBirth, await index.TokenAsync(TokenKind.DateOfBirth, dob.ToString("yyyy-MM-dd"))));
        if (!string.IsNullOrWhiteSpace(details.RecordNumber))
            tokens.Add((TokenKind.RecordNumber, await index.TokenAsync(TokenKind.RecordNumber, details.RecordNumber)));
        if (!string.IsNullOrWhiteSpace(details.ExternalId))
            tokens.Add((TokenKind.ExternalId, await index.TokenAsync(TokenKind.ExternalId, details.ExternalId)));
        return tokens;
    }

    public async Task<List<(TokenKind, byte[])>> DiagnosesAsync(IEnumerable<(CodeSystem System, string Code)> codes)
    {
        var tokens = new List<(TokenKind, byte[])>();
        foreach (var (system, code) in codes)
            tokens.AddRange((await index.DiagnosisTokensAsync(system, code)).Select(t => (TokenKind.Diagnosis, t)));
        return tokens;
    }

    /// <summary>Deletes the patient's tokens of these kinds and adds the new ones (duplicates once).</summary>
    public static async Task ReplaceAsync(PortalDbContext db, Guid patientId, TokenKind[] kinds, IEnumerable<(TokenKind Kind, byte[] Token)> tokens)
    {
        await db.PatientTokens.Where(t => t.PatientId == patientId && kinds.Contains(t.Kind)).ExecuteDeleteAsync();
        foreach (var (kind, token) in tokens.DistinctBy(t => (t.Kind, Convert.ToHexString(t.Token))))
            db.PatientTokens.Add(new PatientToken { PatientId = patientId, Kind = kind, Token = token });
    }
}
