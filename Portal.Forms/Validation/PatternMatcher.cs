using System.Text.RegularExpressions;

namespace Portal.Forms.Validation;

/// <summary>Runs form-author regular expressions against patient input without letting either stall the server.</summary>
public static class PatternMatcher
{
    /// <summary>
    /// How long one match may run. A catastrophic pattern (e.g. "(a+)+$") on hostile input would otherwise
    /// pin a CPU core for minutes; a real pattern on a form answer finishes in microseconds.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Matches the whole input against the pattern; null when the pattern is invalid or timed out.</summary>
    /// <remarks>Anchored with \z, not $, because $ also matches before a trailing newline and would let "12345678\n" pass.</remarks>
    public static bool? IsFullMatch(string input, string pattern)
    {
        try
        {
            return Regex.IsMatch(input, $@"^(?:{pattern})\z", RegexOptions.CultureInvariant, Timeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether a form author's pattern compiles, checked before a form is published.</summary>
    public static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
