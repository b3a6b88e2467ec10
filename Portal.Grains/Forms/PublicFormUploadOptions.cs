namespace Portal.Grains.Forms;

/// <summary>Bounds on what one anonymous form session may upload, so the public endpoint cannot fill the disk.</summary>
public sealed class PublicFormUploadOptions
{
    public const string SectionName = "PublicForms:Uploads";

    public int MaxFilesPerSession { get; set; } = 5;

    public long MaxBytesPerSession { get; set; } = 25 * 1024 * 1024;

    /// <summary>Bytes of files held for one link and not yet attached to a patient (sessions being filled, and
    /// submissions waiting for staff). Beyond it the link takes no more files until staff attach or the sweep removes some.</summary>
    public long MaxPendingBytesPerLink { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The same for every public link together: what anonymous visitors may hold on the organisation's disk.</summary>
    public long MaxPendingBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Submissions of one link waiting for staff to attach them; beyond it the link takes no more until staff catch up.</summary>
    public int MaxUnattachedSubmissionsPerLink { get; set; } = 500;

    /// <summary>The same for every public link together.</summary>
    public int MaxUnattachedSubmissions { get; set; } = 2000;

    /// <summary>Files of a session that was never sent are removed this long after upload; longer than a form session lives
    /// (PublicForms:StateLifetime), so no one still filling loses a file.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromHours(3);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
