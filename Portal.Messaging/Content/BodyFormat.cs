namespace Portal.Messaging.Content;

/// <summary>How a message body is written: plain text, or the small HTML subset <see cref="MessageHtml"/> keeps.</summary>
public enum BodyFormat
{
    /// <summary>Plain text, shown as typed.</summary>
    Plain = 0,

    /// <summary>Formatted text: paragraphs, emphasis, lists, links, small headings, quotes.</summary>
    Html = 1,
}
