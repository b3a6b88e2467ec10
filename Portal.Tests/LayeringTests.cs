using System.Reflection;
using Portal.Data;
using Portal.Grains.Patients;
using Portal.Messaging.Notifications;

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
}
