using Microsoft.AspNetCore.Identity;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Web.Infrastructure;

/// <summary>The credentials of a new account, shown once.</summary>
public sealed record ProvisionedAccount(Guid Id, string Email, string Password, string? TotpSecret);

/// <summary>Creates accounts with their role, and for patients their encrypted record.</summary>
public sealed class AccountProvisioning(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    AccountEmails emails,
    IGrainFactory grains,
    ICareTeams careTeams,
    TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in PortalRoles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
    }

    /// <param name="displayName">Staff: the name colleagues and patients see. Patients: the full name, stored encrypted.</param>
    /// <param name="enrolTotp">Give the account an authenticator key now (demo and test accounts);
    /// otherwise the user enrols at first sign-in.</param>
    public async Task<ProvisionedAccount> CreateAsync(string email, string displayName, string role, string password, bool enrolTotp, AuditActor? actor = null)
    {
        var user = new PortalUser
        {
            Id = Guid.CreateVersion7(),
            EmailConfirmed = true,
            // A patient's name is PHI: it lives only in the encrypted patient record.
            DisplayName = role == PortalRoles.Patient ? "" : displayName,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        await emails.AssignAsync(user, email);
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));

        string? secret = null;
        if (enrolTotp)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            secret = await users.GetAuthenticatorKeyAsync(user);
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }

        if (role == PortalRoles.Patient)
            await grains.GetGrain<IPatientGrain>(user.Id).CreateRecordAsync(displayName, actor ?? new AuditActor(user.Id, role, null));
        return new ProvisionedAccount(user.Id, email, password, secret);
    }

    /// <summary>
    /// A patient record without a way to sign in yet (added by staff, imported, or made up for the demo): an account
    /// with no password, and the email only if known, so an invitation can later let the patient set one.
    /// </summary>
    public async Task<Guid> CreatePatientRecordAsync(string fullName, string? email, AuditActor actor)
    {
        var id = Guid.CreateVersion7();
        var user = new PortalUser { Id = id, CreatedUtc = clock.GetUtcNow().UtcDateTime };
        await emails.AssignAsync(user, email);
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, PortalRoles.Patient));
        await grains.GetGrain<IPatientGrain>(id).CreateRecordAsync(fullName, actor);
        return id;
    }

    /// <summary>Puts a staff member on a patient's care team (idempotent).</summary>
    public Task AddToCareTeamAsync(Guid staffId, Guid patientId, AuditActor? actor = null) => careTeams.AddAsync(staffId, patientId, actor);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
