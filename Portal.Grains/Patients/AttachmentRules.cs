using Microsoft.Extensions.Options;
using Portal.Forms.Validation;

namespace Portal.Grains.Patients;

/// <summary>
/// Decides whether files may travel with a message: how many, how large, and what they really are
/// (by their first bytes, through <see cref="FileContentCheck"/>). Checked by the page for a clear
/// message and by the patient's grain as the authority. Reasons name files by position, never by
/// name, because a file name can be PHI and reasons can reach logs.
/// </summary>
public sealed class AttachmentRules(IOptions<AttachmentOptions> options)
{
    public const int FileNameMaxLength = 200;

    /// <summary>Returns the files as they will be stored (clean names, detected types), or the reason they are refused.</summary>
    public (IReadOnlyList<CheckedAttachment> Files, string? Problem) Check(IReadOnlyList<NewAttachment>? files)
    {
        if (files is null || files.Count == 0)
            return ([], null);
        var limits = options.Value;
        if (files.Count > limits.MaxFiles)
            return ([], $"Attach at most {limits.MaxFiles} files.");
        if (files.Sum(f => (long)f.Content.Length) > limits.MaxMessageBytes)
            return ([], $"The files together are larger than the {Describe(limits.MaxMessageBytes)} a message may carry.");

        var accepted = new List<CheckedAttachment>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var which = files.Count == 1 ? "The file" : $"File {i + 1}";
            var name = CleanFileName(file.FileName);
            if (name is null)
                return ([], $"{which} has a name that cannot be used; rename it and attach it again.");
            var content = FileContentCheck.Check(file.Content, name, limits.MaxFileBytes);
            if (content.Error is not null)
                return ([], $"{which}: {content.Error}");
            if (!DeclaredTypeAgrees(file.DeclaredContentType, content.ContentType!))
                return ([], $"{which}: the file's content does not match its type; please attach the original file.");
            accepted.Add(new CheckedAttachment(name, content.ContentType!, file.Content));
        }
        return (accepted, null);
    }

    /// <summary>Said of a file whose name <see cref="CleanFileName"/> refuses.</summary>
    internal const string UnusableFileName = "The file's name cannot be used; rename the file and choose it again.";

    /// <summary>The last segment of what the browser sent (some send a full path), or null when it has control characters or no name at all.</summary>
    internal static string? CleanFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return null;
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        if (name.Length == 0 || name.Length > FileNameMaxLength || name.Trim('.').Length == 0 || name.Any(char.IsControl))
            return null;
        return name;
    }

    // Browsers send application/octet-stream for types the machine does not know, so that (or nothing)
    // says nothing; anything else the browser claims must be what the bytes are.
    private static bool DeclaredTypeAgrees(string? declared, string detected)
    {
        if (string.IsNullOrWhiteSpace(declared))
            return true;
        var type = declared.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            "application/octet-stream" => true,
            "image/jpg" or "image/pjpeg" => detected == FileContentCheck.Jpeg,
            _ => type == detected,
        };
    }

    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}
