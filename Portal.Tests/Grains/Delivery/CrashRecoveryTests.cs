using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Delivery;
using Portal.Grains.Outbox;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;
using Portal.Data;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// The built product as a separate process, killed with SIGKILL half-way through a 10,000-message
/// send and started again: every message reaches a real SMTP sink, and a message arrives twice only
/// if its row was leased (in flight) at the moment of the kill.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Count = 10_000;

    [Fact]
    public async Task Kill_9_mid_send_then_restart_loses_nothing_and_duplicates_only_rows_in_flight()
    {
        await using var sink = new CountingSmtpSink();
        var data = Directory.CreateTempSubdirectory("portal-crash-").FullName;
        var kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var database = TestDatabase.Create(data);
        var dbFactory = database.Factory();
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync())
                await db.Database.MigrateAsync();
            var mail = new MarketingMail(dbFactory, DataHostingExtensions.ProviderSql(database.Provider), new OutboxSignal(), TimeProvider.System);
            var content = await mail.CreateContentAsync(Guid.NewGuid(), "Crash test", "Hello {{name}}, {{link}} {{unsubscribe}}");
            await mail.EnqueueAsync(content, [.. Enumerable.Range(0, Count).Select(i => new MarketingRecipient(Guid.NewGuid(), $"p{i}@example.test"))]);

            using (var first = StartProduct(data, database, kek, sink.Port))
            {
                await WaitAsync(() => Task.FromResult(sink.StoredTotal >= Count / 3), first, "a third of the messages at the sink");
                first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
                await first.WaitForExitAsync();
            }
            var storedAtKill = sink.StoredTotal;
            List<Guid> inFlight, markedAtKill;
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                inFlight = await db.Outbox.Where(r => r.LeaseToken != null && r.SentUtc == null).Select(r => r.Id).ToListAsync();
                markedAtKill = await db.Outbox.Where(r => r.SentUtc != null).Select(r => r.Id).ToListAsync();
            }

            using (var second = StartProduct(data, database, kek, sink.Port))
            {
                await WaitAsync(async () =>
                {
                    await using var db = await dbFactory.CreateDbContextAsync();
                    return await db.Outbox.CountAsync(r => r.SentUtc != null) == Count;
                }, second, "every row marked sent after the restart");
                second.Kill(entireProcessTree: true);
            }

            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var ids = await db.Outbox.Select(r => r.Id).ToListAsync();
                var expected = ids.Select(id => $"{id:N}@portal.localhost").ToHashSet();
                var lost = expected.Where(id => !sink.Stored.ContainsKey(id)).ToList();
                var duplicates = sink.Stored.Where(s => s.Value > 1).Select(s => s.Key).ToList();
                var inFlightIds = inFlight.Select(id => $"{id:N}@portal.localhost").ToHashSet();
                output.WriteLine($"rows={Count} stored_at_kill={storedAtKill} marked_sent_at_kill={markedAtKill.Count} in_flight_at_kill={inFlight.Count} " +
                    $"distinct_received={sink.Stored.Count} total_received={sink.StoredTotal} lost={lost.Count} duplicates={duplicates.Count} duplicates_outside_in_flight={duplicates.Count(d => !inFlightIds.Contains(d))}");
                Assert.Empty(lost);
                Assert.Equal(Count, sink.Stored.Count);
                Assert.All(duplicates, id => Assert.Contains(id, inFlightIds));
                Assert.All(sink.Stored.Values, n => Assert.InRange(n, 1, 2));
                Assert.True(storedAtKill < Count, "the kill came after everything was sent");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await database.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private Process StartProduct(string data, TestDatabase database, string kek, int smtpPort)
    {
        var root = Repository.Root;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{FreePort.Next()}",
            $"--Portal:DataDirectory={data}", $"--Encryption:KeyEncryptionKey={kek}",
            $"--Database:Provider={database.Provider}", $"--Database:ConnectionString={database.ConnectionString}",
            $"--Notifications:PortalBaseUrl={PortalFactory.PortalBaseUrl}",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtpPort}", "--Smtp:Security=None",
            // Long enough that no batch outlives its lease even on a starved machine (that would resend
            // rows before the kill); short enough that the restart soon takes the killed worker's rows.
            "--Outbox:LeaseDuration=00:00:15", "--Outbox:PollInterval=00:00:00.250",
            "--Delivery:Pool:MessagesPerSecondPerDomain=100000", "--Delivery:Pool:BurstPerDomain=1000",
            $"--Delivery:Unsubscribe:BaseUrl={PortalFactory.PortalBaseUrl}/unsubscribe/",
            "--Delivery:Unsubscribe:MailtoAddress=unsubscribe@portal.test", $"--Delivery:Unsubscribe:SigningKey={DeliveryDb.UnsubscribeKey}",
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
        })
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Process process, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (process.HasExited) throw new InvalidOperationException($"The product exited (code {process.ExitCode}) before {what}.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
