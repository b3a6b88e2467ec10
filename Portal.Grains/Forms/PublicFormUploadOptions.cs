namespace Portal.Grains.Forms;

/// <summary>Bounds on what one anonymous form session may upload, so the public endpoint cannot fill the disk.</summary>
public sealed class PublicFormUploadOptions
{
    public const string SectionName = "PublicForms:Uploads";

    public int MaxFilesPerSession { get; set; } = 5;

    public long MaxBytesPerSession { get; set; } = 25 * 1024 * 1024;

    /// <summary>Files of a session that was never sent are removed this long after upload; longer than a form session lives
    /// (PublicForms:StateLifetime), so no one still filling loses a file.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromHours(3);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
