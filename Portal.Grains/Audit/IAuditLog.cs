namespace Portal.Grains.Audit;

/// <summary>The one way events reach the audit log.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
