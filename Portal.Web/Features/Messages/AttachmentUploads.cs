using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Grains.Patients;

namespace Portal.Web.Features.Messages;

/// <summary>
/// Files posted with a message. A request larger than a whole message may be is turned away before
/// its body is read, with a page that says why (413), instead of failing inside form parsing.
/// </summary>
public static class AttachmentUploads
{
    // Room for the text fields and multipart framing around the files themselves.
    private const long FormOverheadBytes = 1024 * 1024;

    public static IApplicationBuilder UseAttachmentUploadLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType
            && (request.Path.StartsWithSegments("/messages") || request.Path.StartsWithSegments("/staff/patients")))
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxMessageBytes + FormOverheadBytes;
            if (request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
        }
        return next();
    });

    /// <summary>Reads the posted files for the grain; sizes were bounded by the request limit above.</summary>
    public static async Task<IReadOnlyList<NewAttachment>> ReadAsync(IEnumerable<IFormFile>? files, CancellationToken cancellationToken)
    {
        var read = new List<NewAttachment>();
        foreach (var file in files ?? [])
        {
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            read.Add(new NewAttachment(file.FileName, file.ContentType, buffer.ToArray()));
        }
        return read;
    }
}
