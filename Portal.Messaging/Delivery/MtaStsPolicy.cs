using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Portal.Messaging.Delivery;

/// <summary>
/// A parsed MTA-STS policy (RFC 8461 section 3.2): the text served at
/// <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c>.
/// </summary>
/// <param name="Mode">enforce, testing or none.</param>
/// <param name="MxPatterns">Allowed MX host names; <c>*.example.com</c> matches one extra label.</param>
/// <param name="MaxAge">How long the policy may be cached.</param>
public sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> MxPatterns, TimeSpan MaxAge)
{
    /// <summary>Largest policy accepted; RFC 8461 lets senders refuse bigger ones (64 KiB).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Longest max_age RFC 8461 allows (about a year).</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromSeconds(31_557_600);

    /// <summary>Parses policy text; throws <see cref="FormatException"/> when it is not a valid policy.</summary>
    public static MtaStsPolicy Parse(string text) =>
        TryParse(text, out var policy, out var error) ? policy : throw new FormatException(error);

    /// <summary>Parses policy text; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out MtaStsPolicy? policy, [NotNullWhen(false)] out string? error)
    {
        policy = null;
        if (text.Length > MaxLength) { error = "The policy is larger than 64 KiB."; return false; }

        string? version = null, mode = null, maxAge = null;
        var mx = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) { error = "A policy line is not 'key: value'."; return false; }
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            // Repeated fields other than mx: the first one counts. Unknown fields are ignored (section 3.2).
            switch (key)
            {
                case "version": version ??= value; break;
                case "mode": mode ??= value; break;
                case "max_age": maxAge ??= value; break;
                case "mx": mx.Add(value); break;
            }
        }

        if (version != "STSv1") { error = "The policy's version is not STSv1."; return false; }
        MtaStsMode parsedMode;
        switch (mode)
        {
            case "enforce": parsedMode = MtaStsMode.Enforce; break;
            case "testing": parsedMode = MtaStsMode.Testing; break;
            case "none": parsedMode = MtaStsMode.None; break;
            default: error = "The policy's mode is not enforce, testing or none."; return false;
        }
        if (maxAge is null || maxAge.Length is 0 or > 10 || !maxAge.All(char.IsAsciiDigit)
            || !long.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            error = "The policy's max_age is not a number of seconds."; return false;
        }
        foreach (var pattern in mx)
        {
            if (!IsValidPattern(pattern)) { error = $"The policy's mx pattern '{pattern}' is not a host name."; return false; }
        }
        if (parsedMode != MtaStsMode.None && mx.Count == 0) { error = "The policy lists no mx."; return false; }

        var age = TimeSpan.FromSeconds(Math.Min(seconds, (long)LongestMaxAge.TotalSeconds));
        policy = new MtaStsPolicy(parsedMode, mx.Select(Normalise).ToArray(), age);
        error = null;
        return true;
    }

    /// <summary>
    /// True when <paramref name="mxHost"/> is one of the policy's MX patterns (section 4.1): an
    /// exact name, or <c>*.example.com</c> standing for exactly one label in front of example.com.
    /// </summary>
    public bool Matches(string mxHost)
    {
        var host = Normalise(mxHost);
        foreach (var pattern in MxPatterns)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = pattern[1..];
                if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal)
                    && !host.AsSpan(0, host.Length - suffix.Length).Contains('.'))
                    return true;
            }
            else if (host == pattern)
            {
                return true;
            }
        }
        return false;
    }

    private static string Normalise(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    private static bool IsValidPattern(string pattern)
    {
        var name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        if (name.Length == 0 || name.Length > 253) return false;
        return name.TrimEnd('.').Split('.').All(label =>
            label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')
            && label[0] != '-' && label[^1] != '-');
    }
}
