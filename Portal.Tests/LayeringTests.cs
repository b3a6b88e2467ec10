using System.Reflection;
using Portal.Data;
using Portal.Grains.Patients;
using Portal.Messaging.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests;

/// <summary>
/// Dependencies point one way (README, Layout): Web -> Grains -> {Data, Messaging, Forms}; Data -> Messaging only for the
/// enumerations it stores. Web reaches data through grains and the named services Grains offers, never through EF Core.
/// Checked on the compiled assemblies, whose references list only what the code really uses.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly Assembly Grains = typeof(IPatientGrain).Assembly;
    private static readonly Assembly Data = typeof(PortalDbContext).Assembly;
    private static readonly Assembly Messaging = typeof(SecureMessageNotice).Assembly;
    private static readonly Assembly Forms = typeof(Portal.Forms.Definitions.FormDefinition).Assembly;

    private static string[] References(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    [Fact]
    public void The_web_host_uses_no_entity_framework()
    {
        Assert.DoesNotContain(References(Web), name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal));
        var reachesTheContext = Web.GetTypes()
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).SelectMany(c => c.GetParameters()).Select(p => (t, p.ParameterType)))
            .Where(x => typeof(PortalDbContext).IsAssignableFrom(x.ParameterType) || x.ParameterType.Name.StartsWith("IDbContextFactory", StringComparison.Ordinal))
            .Select(x => x.t.FullName)
            .ToList();
        Assert.Empty(reachesTheContext);
    }

    [Fact]
    public void Dependencies_point_one_way()
    {
        Assert.Contains(Grains.GetName().Name, References(Web));
        Assert.DoesNotContain(Web.GetName().Name, References(Grains));
        Assert.Equal([Messaging.GetName().Name], References(Data).Where(n => n!.StartsWith("Portal.", StringComparison.Ordinal)));
        Assert.DoesNotContain(References(Messaging), n => n.StartsWith("Portal.", StringComparison.Ordinal));
        Assert.DoesNotContain(References(Forms), n => n.StartsWith("Portal.", StringComparison.Ordinal));
        Assert.DoesNotContain(References(Messaging), n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || n.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    /// <summary>A patient's inbox has one writer: outside the patient grain, secure messages and their attachments are only read.</summary>
    [Fact]
    public void Only_the_patient_grain_changes_secure_messages()
    {
        var writers = Directory.EnumerateFiles(Path.Combine(Repository.Root, "Portal.Grains"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "PatientGrain.cs")
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line.Trim())))
            .Where(x => x.Line.Contains("db.SecureMessages") || x.Line.Contains("db.MessageAttachments"))
            .Where(x => !x.Line.Contains("AsNoTracking()") && !x.Line.Contains("AnyAsync("))
            .Select(x => $"{x.File}: {x.Line}")
            .ToList();
        Assert.Empty(writers);
    }
}
