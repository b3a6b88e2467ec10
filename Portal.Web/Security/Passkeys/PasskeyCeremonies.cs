using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Security.Passkeys;

/// <summary>Why a passkey ceremony was refused; the wording is safe to show the user.</summary>
public sealed class PasskeyRefusedException(string reason, bool suspectedClone = false) : Exception(reason)
{
    /// <summary>The authenticator's counter went backwards: someone may hold a copy of the credential.</summary>
    public bool SuspectedClone { get; } = suspectedClone;
}

public sealed record PasskeyAssertion(Guid UserId, PasskeyCredential Credential);

/// <summary>
/// WebAuthn registration and assertion (Fido2). Fido2 checks origin, RP id hash, challenge,
/// signature and user-verification flag; this class adds what it leaves to the server:
/// challenges that are used once and expire, credential ownership, and the signature counter.
/// </summary>
public sealed class PasskeyCeremonies(IFido2 fido2, IPasskeyStore store, AccountEmails emails, TimeProvider clock)
{
    public const string Register = "register";
    public const string SignIn = "sign-in";
    public const string SecondFactor = "second-factor";
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(2);
    public const int MaxPasskeysPerAccount = 10;

    public async Task<(Guid ChallengeId, CredentialCreateOptions Options)> BeginRegistrationAsync(PortalUser user)
    {
        var existing = (await store.ListAsync(user.Id)).Select(p => p.CredentialId).ToList();
        if (existing.Count >= MaxPasskeysPerAccount)
            throw new PasskeyRefusedException($"An account can hold at most {MaxPasskeysPerAccount} passkeys. Remove one first.");

        var email = await emails.OpenAsync(user.Id, user.Email) ?? "";
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = user.Id.ToByteArray(), Name = email, DisplayName = email },
            ExcludeCredentials = existing.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return (await store.SaveChallengeAsync(Register, user.Id, options.ToJson(), Now + ChallengeLifetime), options);
    }

    public async Task<PasskeyCredential> CompleteRegistrationAsync(Guid challengeId, PortalUser user, string name, AuthenticatorAttestationRawResponse response)
    {
        var options = CredentialCreateOptions.FromJson(await ConsumeChallengeAsync(challengeId, Register, user.Id));
        RegisteredPublicKeyCredential registered;
        try
        {
            registered = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = async (args, ct) => !await store.IsRegisteredAsync(args.CredentialId, ct),
            });
        }
        catch (Fido2VerificationException ex)
        {
            throw new PasskeyRefusedException(ex.Code == Fido2ErrorCode.NonUniqueCredentialId
                ? "This passkey is already registered."
                : "The passkey could not be verified. Try again.");
        }

        var credential = new PasskeyCredential
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            CredentialId = registered.Id,
            PublicKey = registered.PublicKey,
            SignCount = registered.SignCount,
            Name = CleanName(name),
            AaGuid = registered.AaGuid,
            IsBackupEligible = registered.IsBackupEligible,
            Transports = registered.Transports is { Length: > 0 } t ? string.Join(',', t) : null,
            CreatedUtc = Now,
        };
        await store.AddAsync(credential);
        return credential;
    }

    /// <summary>Options for signing in: with no user, any passkey of this site may answer (passwordless);
    /// with a user (second factor after the password), only that user's passkeys.</summary>
    public async Task<(Guid ChallengeId, AssertionOptions Options)> BeginAssertionAsync(string purpose, Guid? userId)
    {
        var allowed = userId is null
            ? []
            : (await store.ListAsync(userId.Value)).Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList();
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed,
            // Passwordless sign-in needs the authenticator to verify the person (PIN or biometrics) to count as two factors.
            UserVerification = purpose == SignIn ? UserVerificationRequirement.Required : UserVerificationRequirement.Preferred,
        });
        return (await store.SaveChallengeAsync(purpose, userId, options.ToJson(), Now + ChallengeLifetime), options);
    }

    public async Task<PasskeyAssertion> CompleteAssertionAsync(Guid challengeId, string purpose, Guid? expectedUserId, AuthenticatorAssertionRawResponse response)
    {
        var options = AssertionOptions.FromJson(await ConsumeChallengeAsync(challengeId, purpose, expectedUserId));
        var credential = await store.FindAsync(response.RawId);
        if (credential is null || (expectedUserId is not null && credential.UserId != expectedUserId))
            throw new PasskeyRefusedException("This passkey is not registered here.");

        VerifyAssertionResult result;
        try
        {
            result = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = options,
                StoredPublicKey = credential.PublicKey,
                StoredSignatureCounter = (uint)credential.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(args.UserHandle is { Length: 16 } handle && new Guid(handle) == credential.UserId),
            });
        }
        catch (Fido2VerificationException ex) when (ex.Code == Fido2ErrorCode.InvalidSignCount)
        {
            throw new PasskeyRefusedException("This passkey was refused.", suspectedClone: true);
        }
        catch (Fido2VerificationException)
        {
            throw new PasskeyRefusedException("The passkey could not be verified. Try again.");
        }

        // The counter only moves forward; the store's conditional update keeps two concurrent assertions from both passing.
        if (!await store.AdvanceCounterAsync(credential.Id, result.SignCount, Now))
            throw new PasskeyRefusedException("This passkey was refused.", suspectedClone: true);
        return new PasskeyAssertion(credential.UserId, credential);
    }

    /// <summary>Takes the challenge out of the store (so it works once) and checks it is current and for this ceremony.</summary>
    private async Task<string> ConsumeChallengeAsync(Guid challengeId, string purpose, Guid? userId)
    {
        var challenge = await store.TakeChallengeAsync(challengeId);
        if (challenge is null || challenge.Purpose != purpose || challenge.UserId != userId || challenge.ExpiresUtc < Now)
            throw new PasskeyRefusedException("This request has expired. Try again.");
        return challenge.OptionsJson;
    }

    private static string CleanName(string name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "Passkey" : clean.Length > 64 ? clean[..64] : clean;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
