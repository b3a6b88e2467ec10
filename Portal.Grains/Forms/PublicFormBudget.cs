using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// What anonymous visitors may hold before staff look at it. The per-address limits slow one sender;
/// these budgets bound everyone together, per link and for the whole organisation, so many addresses
/// cannot fill the disk or bury staff: files not yet attached to a patient, and submissions waiting
/// to be attached. A visitor over budget is told plainly and nothing of theirs is stored.
/// </summary>
/// <remarks>
/// Checked before each store without a lock: uploads racing at the edge may pass together, overshooting
/// by at most one session's allowance each, which the budgets' size absorbs.
/// </remarks>
public sealed partial class PublicFormBudget(IOptions<PublicFormUploadOptions> options, ILogger<PublicFormBudget> logger)
{
    public const string FilesFull = "This form cannot take more files online right now. Please try again later, or bring the files to your visit.";
    public const string SubmissionsFull = "This form cannot take more submissions online right now. Please try again later or contact the practice.";

    /// <summary>A refusal when <paramref name="size"/> more bytes would take the link or the organisation over budget.</summary>
    public async Task<string?> RefuseFileAsync(PortalDbContext db, Guid linkId, long size, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var pending = db.PublicFormFiles.Where(f => f.PatientId == null);
        var forLink = await pending.Where(f => f.LinkId == linkId).SumAsync(f => (long?)f.SizeBytes, cancellationToken) ?? 0;
        if (forLink + size > limits.MaxPendingBytesPerLink)
            return Refused(FilesFull, "link file bytes");
        var total = await pending.SumAsync(f => (long?)f.SizeBytes, cancellationToken) ?? 0;
        return total + size > limits.MaxPendingBytes ? Refused(FilesFull, "organisation file bytes") : null;
    }

    /// <summary>A refusal when one more unattached submission would take the link or the organisation over budget.</summary>
    public async Task<string?> RefuseSubmissionAsync(PortalDbContext db, Guid linkId, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var unattached = db.FormSubmissions.Where(s => s.PatientId == null && s.PublicLinkId != null);
        if (await unattached.CountAsync(s => s.PublicLinkId == linkId, cancellationToken) >= limits.MaxUnattachedSubmissionsPerLink)
            return Refused(SubmissionsFull, "link submissions");
        return await unattached.CountAsync(cancellationToken) >= limits.MaxUnattachedSubmissions
            ? Refused(SubmissionsFull, "organisation submissions")
            : null;
    }

    private string Refused(string message, string budget)
    {
        LogFull(budget);
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A public form budget is full ({Budget}); visitors are refused until staff attach submissions or abandoned files are swept")]
    private partial void LogFull(string budget);
}
