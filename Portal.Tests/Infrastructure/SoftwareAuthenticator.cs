using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A WebAuthn authenticator in code (ES256, "none" attestation), so tests can answer the portal's
/// passkey ceremonies byte for byte, and misbehave on purpose (wrong origin, no user verification,
/// a counter that goes backwards as a cloned key's would).
/// </summary>
public sealed class SoftwareAuthenticator
{
    private readonly string _rpId;
    private readonly string _origin;
    private readonly ECDsa _key;

    public SoftwareAuthenticator(string rpId, string origin)
        : this(rpId, origin, ECDsa.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(32)) { }

    private SoftwareAuthenticator(string rpId, string origin, ECDsa key, byte[] credentialId)
    {
        _rpId = rpId;
        _origin = origin;
        _key = key;
        CredentialId = credentialId;
    }

    public byte[] CredentialId { get; }
    public uint Counter { get; set; }
    public byte[]? UserHandle { get; private set; }

    /// <summary>A copy holding the same private key, credential and counter, as a cloned authenticator would.</summary>
    public SoftwareAuthenticator Clone()
    {
        var key = ECDsa.Create(_key.ExportParameters(true));
        return new SoftwareAuthenticator(_rpId, _origin, key, CredentialId) { Counter = Counter, UserHandle = UserHandle };
    }

    public JsonObject Create(JsonElement options)
    {
        UserHandle = FromBase64Url(options.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!, _origin);
        var point = _key.ExportParameters(false).Q;

        var cose = new CborWriter(CborConformanceMode.Lax);
        cose.WriteStartMap(5);
        cose.WriteInt32(1); cose.WriteInt32(2);     // kty: EC2
        cose.WriteInt32(3); cose.WriteInt32(-7);    // alg: ES256
        cose.WriteInt32(-1); cose.WriteInt32(1);    // crv: P-256
        cose.WriteInt32(-2); cose.WriteByteString(point.X!);
        cose.WriteInt32(-3); cose.WriteByteString(point.Y!);
        cose.WriteEndMap();

        var authData = new List<byte>(AuthenticatorData(flags: 0x01 | 0x04 | 0x40, Counter));
        authData.AddRange(new byte[16]); // AAGUID
        authData.Add((byte)(CredentialId.Length >> 8));
        authData.Add((byte)CredentialId.Length);
        authData.AddRange(CredentialId);
        authData.AddRange(cose.Encode());

        var attestation = new CborWriter(CborConformanceMode.Lax);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt"); attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt"); attestation.WriteStartMap(0); attestation.WriteEndMap();
        attestation.WriteTextString("authData"); attestation.WriteByteString(authData.ToArray());
        attestation.WriteEndMap();

        return new JsonObject
        {
            ["id"] = ToBase64Url(CredentialId),
            ["rawId"] = ToBase64Url(CredentialId),
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = ToBase64Url(clientData),
                ["attestationObject"] = ToBase64Url(attestation.Encode()),
                ["transports"] = new JsonArray("internal"),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    public JsonObject Assert(JsonElement options, string? fromOrigin = null, bool userVerified = true, uint? counter = null)
    {
        Counter = counter ?? Counter + 1;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!, fromOrigin ?? _origin);
        var authData = AuthenticatorData(flags: (byte)(0x01 | (userVerified ? 0x04 : 0)), Counter);
        var signed = authData.Concat(SHA256.HashData(clientData)).ToArray();
        var signature = _key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject
        {
            ["id"] = ToBase64Url(CredentialId),
            ["rawId"] = ToBase64Url(CredentialId),
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = ToBase64Url(clientData),
                ["authenticatorData"] = ToBase64Url(authData),
                ["signature"] = ToBase64Url(signature),
                ["userHandle"] = UserHandle is null ? null : ToBase64Url(UserHandle),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    private byte[] AuthenticatorData(byte flags, uint counter)
    {
        var data = new byte[37];
        SHA256.HashData(Encoding.UTF8.GetBytes(_rpId)).CopyTo(data, 0);
        data[32] = flags;
        data[33] = (byte)(counter >> 24); data[34] = (byte)(counter >> 16); data[35] = (byte)(counter >> 8); data[36] = (byte)counter;
        return data;
    }

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = type, ["challenge"] = challenge, ["origin"] = origin, ["crossOrigin"] = false });

    public static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
