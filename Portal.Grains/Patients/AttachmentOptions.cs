using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Patients;

/// <summary>How much a secure message may carry. The web host sizes its request limits from the same numbers.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    [Range(1, 100 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 200 * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    [Range(1, 50)]
    public int MaxFiles { get; set; } = 5;
}
