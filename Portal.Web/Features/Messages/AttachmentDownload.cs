using System.Text;
using Portal.Grains.Patients;

namespace Portal.Web.Features.Messages;

/// <summary>
/// Writes an attachment so a browser saves it (or, for a preview, shows it) and never runs it: the type
/// detected at upload, no sniffing, no caching, and a sandbox with nothing allowed in case it is opened as a page.
/// </summary>
public static class AttachmentDownload
{
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'";

    public static IResult Write(AttachmentContent file, bool preview) => new AttachmentResult(file, preview);

    /// <summary>RFC 6266 value with an ASCII fallback name and the exact name in RFC 5987 form; nothing the uploader
    /// chose can break out of the quoted string or start another header.</summary>
    public static string ContentDisposition(string disposition, string fileName)
    {
        var name = new string(fileName.Select(c => char.IsControl(c) ? '_' : c).ToArray());
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
            ascii.Append(c is >= ' ' and <= '~' and not ('"' or '\\' or '%' or ';') ? c : '_');
        return $"{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }

    private sealed class AttachmentResult(AttachmentContent file, bool preview) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            // Only images and PDFs are shown in place; the allow-list has nothing else, but a new type must opt in here.
            var inline = preview && (file.ContentType.StartsWith("image/", StringComparison.Ordinal) || file.ContentType == "application/pdf");
            response.ContentType = file.ContentType;
            response.ContentLength = file.Content.Length;
            response.Headers.ContentDisposition = ContentDisposition(inline ? "inline" : "attachment", file.FileName);
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return response.Body.WriteAsync(file.Content).AsTask();
        }
    }
}
