using System.Buffers;
using System.Text;
using System.Text.Json;
using Portal.Messaging.Dkim;
using Portal.Tests.Messaging.Protection;

namespace Portal.Tests.Messaging.Dkim;

public sealed class DkimRelaxedCanonicalizationTests
{
    private static string CanonicalBody(string body)
    {
        // Callers hand over the body with a CRLF appended; see CanonicalizeBody.
        var bytes = Encoding.UTF8.GetBytes(body + "\r\n");
        return Encoding.UTF8.GetString(bytes, 0, DkimRelaxedCanonicalization.CanonicalizeBody(bytes));
    }

    private static string CanonicalHeader(string name, string rawValue, bool terminate = true)
    {
        var output = new ArrayBufferWriter<byte>();
        DkimRelaxedCanonicalization.AppendHeader(output, name, Encoding.UTF8.GetBytes(rawValue), terminate);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    // RFC 6376 section 3.4.5.
    [InlineData(" C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n")]
    [InlineData("", "")]
    [InlineData("\r\n\r\n\r\n", "")]
    [InlineData(" \t \r\n\t\r\n", "")]
    [InlineData("no newline at the end", "no newline at the end\r\n")]
    [InlineData("trailing blanks  \t", "trailing blanks\r\n")]
    [InlineData("a\r\n   \r\n\r\nb\r\n\r\n", "a\r\n\r\n\r\nb\r\n")]
    [InlineData("tab\tseparated\t\twords", "tab separated words\r\n")]
    [InlineData("bare\rcarriage return\r\n", "bare\rcarriage return\r\n")]
    [InlineData("line ending in CR\r", "line ending in CR\r\r\n")]
    public void Body_follows_rfc_6376_relaxed(string body, string expected) =>
        Assert.Equal(expected, CanonicalBody(body));

    [Fact]
    public void Body_without_a_final_crlf_is_refused()
    {
        var bytes = "text"u8.ToArray();
        Assert.Throws<ArgumentException>(() => DkimRelaxedCanonicalization.CanonicalizeBody(bytes));
    }

    [Fact]
    public void Body_matches_dkimpy_on_generated_bodies()
    {
        // Bodies built from the characters canonicalisation cares about, so every combination of
        // WSP runs, blank lines, bare CR and line ends at every position turns up.
        var random = new Random(6376);
        string[] pieces = [" ", "\t", "  \t ", "\r\n", "\r\n\r\n", "\r", "x", "word", "é", "=20"];
        var bodies = Enumerable.Range(0, 400)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)])))
            .Append("")
            .ToList();

        var script = Path.Combine(AppContext.BaseDirectory, "Messaging", "Dkim", "dkimpy_canonicalize.py");
        // dkimpy canonicalises the body as received, which always ends in CRLF over SMTP.
        var input = JsonSerializer.Serialize(bodies.Select(b => Convert.ToBase64String(Encoding.UTF8.GetBytes(EndInCrlf(b)))));
        var result = ExternalTool.Run("/usr/bin/python3", [script], stdin: Encoding.UTF8.GetBytes(input));
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = JsonSerializer.Deserialize<string[]>(result.StdOut)!.Select(b => Encoding.UTF8.GetString(Convert.FromBase64String(b))).ToList();

        Assert.Equal(bodies.Count, expected.Count);
        for (var i = 0; i < bodies.Count; i++)
            Assert.True(expected[i] == CanonicalBody(bodies[i]), $"body {i}: {JsonSerializer.Serialize(bodies[i])}");
    }

    private static string EndInCrlf(string body) => body.EndsWith("\r\n", StringComparison.Ordinal) ? body : body + "\r\n";

    [Theory]
    // RFC 6376 section 3.4.5: "B : Y\t\r\n\tZ  \r\n" becomes "b:Y Z\r\n".
    [InlineData("B", " Y\t\r\n\tZ  \r\n", "b:Y Z\r\n")]
    [InlineData("A", " X\r\n", "a:X\r\n")]
    [InlineData("SUBJect", " AbC\n", "subject:AbC\r\n")]
    [InlineData("Subject", "  =?utf-8?b?w6k=?=\r\n =?utf-8?b?w6k=?=\r\n", "subject:=?utf-8?b?w6k=?= =?utf-8?b?w6k=?=\r\n")]
    [InlineData("X-Empty", " \r\n", "x-empty:\r\n")]
    [InlineData("X-Empty", "", "x-empty:\r\n")]
    public void Header_follows_rfc_6376_relaxed(string name, string rawValue, string expected) =>
        Assert.Equal(expected, CanonicalHeader(name, rawValue));

    [Fact]
    public void Signature_header_is_hashed_without_a_line_end()
    {
        Assert.Equal("dkim-signature:v=1; a=rsa-sha256; b=", CanonicalHeader("DKIM-Signature", " v=1; a=rsa-sha256;\n\tb=", terminate: false));
    }
}
