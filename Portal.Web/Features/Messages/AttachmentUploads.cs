using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Grains.Patients;
using Portal.Data.Patients;

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
            var limits = context.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value;
            var limit = limits.MaxMessageBytes + FormOverheadBytes;
            if (request.ContentLength > limit)
                return TooLargeAsync(context, limits);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
        }
        return next();
    });

    // Written here rather than by the error page: re-running a page for this request would read the very body being refused.
    private static Task TooLargeAsync(HttpContext context, AttachmentOptions limits)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            statusPages.Enabled = false;
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Files too large · Patient Portal</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main"><div class="card narrow"><h1>Files too large</h1>
            <p>The files attached were larger than a message may carry: at most {{limits.MaxFiles}} files, {{AttachmentRules.Describe(limits.MaxFileBytes)}} each and {{AttachmentRules.Describe(limits.MaxMessageBytes)}} in all.
            Use your browser's Back button and attach fewer or smaller files.</p><p><a href="/">Go to your home page</a></p></div></main></body></html>
            """);
    }

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
