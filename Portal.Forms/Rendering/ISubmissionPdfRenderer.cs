using Portal.Forms.Submissions;
using Portal.Forms.Versioning;

namespace Portal.Forms.Rendering;

/// <summary>Produces the PDF record of a submission that staff file, print or send on.</summary>
public interface ISubmissionPdfRenderer
{
    /// <summary>Renders the submission against the exact published version it answered.</summary>
    /// <exception cref="ArgumentException">The submission answered a different version or content hash.</exception>
    byte[] Render(PublishedForm form, FormSubmission submission);
}
