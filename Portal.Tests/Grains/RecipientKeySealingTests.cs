using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Patients;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains;

/// <summary>Certificates and keys earlier releases stored in clear are sealed under their patient's key at start; an
/// erased patient's are removed.</summary>
[Collection(PortalCollection.Name)]
public sealed class RecipientKeySealingTests(PortalFactory portal)
{
    [Fact]
    public async Task Clear_material_is_sealed_and_still_reads_back_and_an_erased_patients_is_removed()
    {
        var kept = await portal.CreatePatientAsync();
        var erased = await portal.CreatePatientAsync();
        var material = System.Text.Encoding.UTF8.GetBytes($"-----BEGIN PGP PUBLIC KEY BLOCK----- {kept.Email} -----END-----");
        var db = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var (keptId, erasedId) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var context = await db.CreateDbContextAsync())
        {
            foreach (var (id, patient) in new[] { (keptId, kept.Id), (erasedId, erased.Id) })
                context.RecipientKeys.Add(new RecipientKey { Id = id, PatientId = patient, Kind = RecipientKeyKind.OpenPgpKey, Material = material, Fingerprint = id.ToString("N"), AddedUtc = DateTime.UtcNow });
            await context.SaveChangesAsync();
        }
        var admin = new AuditActor((await portal.CreateAccountAsync(PortalRoles.Admin)).Id, PortalRoles.Admin, null);
        Assert.True(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(erased.Id).EraseRecordAsync(admin));

        var keys = portal.Services.GetRequiredService<RecipientKeys>();
        await keys.SealStoredAsync();

        await using (var context = await db.CreateDbContextAsync())
        {
            var row = await context.RecipientKeys.AsNoTracking().SingleAsync(k => k.Id == keptId);
            Assert.True(row.Sealed);
            Assert.True(row.Material.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(kept.Email)) < 0);
            Assert.False(await context.RecipientKeys.AnyAsync(k => k.Id == erasedId));
        }
        Assert.Equal(material, Assert.Single(await keys.ListAsync(kept.Id)).Material);
    }
}
