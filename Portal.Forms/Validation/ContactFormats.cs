using System.Net.Mail;

namespace Portal.Forms.Validation;

/// <summary>Format checks for email addresses and phone numbers.</summary>
public static class ContactFormats
{
    /// <summary>Accepts a bare address such as "pat@example.org": no display name, a dotted domain, within SMTP's 254 characters.</summary>
    public static bool IsEmail(string text)
    {
        if (text.Length > 254 || text.Any(char.IsWhiteSpace) || text.Contains('<', StringComparison.Ordinal))
        {
            return false;
        }

        // MailAddress alone would also take "Name <a@b>" and single-label domains, which no patient means to give.
        return MailAddress.TryCreate(text, out var address)
            && address.Address == text
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.EndsWith('.')
            && !address.Host.StartsWith('.');
    }

    /// <summary>
    /// Accepts numbers as people write them ("+1 (555) 010-2030", "020 7946 0958"): digits with spaces,
    /// dots, hyphens, parentheses and one leading plus; 7 to 15 digits, 15 being the E.164 maximum.
    /// </summary>
    public static bool IsPhone(string text)
    {
        if (text.Length > 32)
        {
            return false;
        }

        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '+' ? i != 0 : c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= 7 and <= 15;
    }
}
