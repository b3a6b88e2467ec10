using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>Finds the parts of a multipart/report (RFC 6522) shared by DSNs and complaint reports.</summary>
internal static class ReportParts
{
    /// <summary>The first multipart/report with the given report-type, searching nested multiparts but not attached messages.</summary>
    public static MultipartReport? Find(MimeMessage message, string reportType)
    {
        var pending = new Stack<MimeEntity>();
        if (message.Body is not null) pending.Push(message.Body);
        while (pending.Count > 0)
        {
            var entity = pending.Pop();
            if (entity is MultipartReport report
                && string.Equals(report.ReportType, reportType, StringComparison.OrdinalIgnoreCase))
                return report;
            if (entity is Multipart multipart)
            {
                for (var i = multipart.Count - 1; i >= 0; i--) pending.Push(multipart[i]);
            }
        }
        return null;
    }

    /// <summary>The Message-ID of the returned message (message/rfc822) or headers (text/rfc822-headers), if any.</summary>
    public static string? ReturnedMessageId(MultipartReport report)
    {
        foreach (var part in report)
        {
            // TextRfc822Headers derives from MessagePart, so both forms land here.
            if (part is MessagePart { Message: { } returned } && !string.IsNullOrWhiteSpace(returned.MessageId))
                return returned.MessageId;
        }
        return null;
    }

    /// <summary>The Message-ID of a message returned anywhere in <paramref name="message"/> (a text bounce attaching it).</summary>
    public static string? ReturnedMessageIdOf(MimeMessage message) =>
        message.BodyParts.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => !string.IsNullOrWhiteSpace(id));

    /// <summary>A field value with folding and surrounding space removed.</summary>
    public static string? Value(HeaderList fields, string name)
    {
        var value = fields[name];
        if (value is null) return null;
        value = string.Join(' ', value.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return value.Length == 0 ? null : value;
    }

    /// <summary>The part after "type;" in fields such as "rfc822; user@example.org" or "dns; mx.example.org".</summary>
    public static string? Typed(HeaderList fields, string name)
    {
        var value = Value(fields, name);
        if (value is null) return null;
        var semicolon = value.IndexOf(';');
        var rest = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim();
        return rest.Length == 0 ? null : rest;
    }
}
