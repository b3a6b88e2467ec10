using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Reads delivery status notifications (RFC 3464: multipart/report; report-type=delivery-status)
/// as Postfix, Exchange, Gmail and others send them.
/// </summary>
public static partial class DsnParser
{
    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCode();

    /// <summary>The report in <paramref name="message"/>, or null when it is not a DSN.</summary>
    public static DeliveryReport? Parse(MimeMessage message)
    {
        var report = ReportParts.Find(message, "delivery-status");
        var status = report?.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (report is null || status is null) return null;

        var groups = status.StatusGroups;
        var perMessage = groups.Count > 0 ? groups[0] : new HeaderList();
        var recipients = new List<DsnRecipient>();
        for (var i = 1; i < groups.Count; i++)
        {
            var fields = groups[i];
            if (fields.Count == 0) continue;
            recipients.Add(new DsnRecipient(
                ReportParts.Typed(fields, "Final-Recipient"),
                ReportParts.Typed(fields, "Original-Recipient"),
                ParseAction(ReportParts.Value(fields, "Action")),
                ParseStatus(ReportParts.Value(fields, "Status")),
                Diagnostic(ReportParts.Typed(fields, "Diagnostic-Code")),
                ReportParts.Typed(fields, "Remote-MTA")));
        }

        var envelopeId = ReportParts.Value(perMessage, "Original-Envelope-Id");
        return new DeliveryReport(
            ReportParts.Typed(perMessage, "Reporting-MTA"),
            envelopeId is null ? null : DecodeXtext(envelopeId),
            ReportParts.ReturnedMessageId(report),
            recipients);
    }

    private static DsnAction ParseAction(string? action) => action?.ToLowerInvariant() switch
    {
        "failed" => DsnAction.Failed,
        "delayed" => DsnAction.Delayed,
        "delivered" => DsnAction.Delivered,
        "relayed" => DsnAction.Relayed,
        "expanded" => DsnAction.Expanded,
        _ => DsnAction.Unknown,
    };

    // Servers append comments ("5.0.0 (permanent failure)"); only the code is kept.
    private static string? ParseStatus(string? status)
    {
        if (status is null) return null;
        var match = StatusCode().Match(status);
        return match.Success ? match.Value : null;
    }

    private static string? Diagnostic(string? text) => text is null ? null : AddressRedactor.Redact(text);

    // ENVID travels as xtext (RFC 3461 section 4): "+" followed by two hex digits stands for one byte.
    internal static string DecodeXtext(string xtext)
    {
        if (!xtext.Contains('+')) return xtext;
        var bytes = new List<byte>(xtext.Length);
        for (var i = 0; i < xtext.Length; i++)
        {
            if (xtext[i] == '+' && i + 2 < xtext.Length
                && byte.TryParse(xtext.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)xtext[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
