using System.Security.Cryptography;
using System.Text.Json;
using Portal.Data.Patients;

namespace Portal.Tests.Data.Upgrade;

/// <summary>
/// What the writer at commit 6b8837e (see <c>Fixture/README.md</c>) stored in <c>Fixture/portal.db</c> and what each value must read back as,
/// so <see cref="UpgradeTests"/> can open that database with today's code and compare. The KEK is a test key made for
/// this fixture only.
/// </summary>
public sealed record UpgradeFixture(
    string KeyEncryptionKey,
    FixtureAccount Staff,
    FixtureAccount Patient,
    string PatientName,
    FixtureMessage Message,
    FixtureMessage Reply,
    Guid RecalledMessageId,
    Guid AssignmentId,
    Guid SubmissionId,
    string SubmissionContentHash,
    string UploadSha256,
    Guid PublicSubmissionId,
    string PublicSubmissionContentHash,
    string PublicUploadSha256,
    Guid ErasedPatientId,
    Guid ErasedMessageId)
{
    public const string Folder = "Data/Upgrade/Fixture";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string ManifestPath(string folder) => Path.Combine(folder, "fixture.json");

    public static UpgradeFixture Load(string folder) =>
        JsonSerializer.Deserialize<UpgradeFixture>(File.ReadAllText(ManifestPath(folder)))
        ?? throw new InvalidDataException("the upgrade fixture manifest is empty");

    public void Save(string folder) => File.WriteAllText(ManifestPath(folder), JsonSerializer.Serialize(this, Json));

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

public sealed record FixtureAccount(Guid Id, string Email, string Password, string? TotpSecret);

public sealed record FixtureMessage(Guid Id, string Subject, string Body, Guid AttachmentId, string AttachmentName, string AttachmentSha256);
