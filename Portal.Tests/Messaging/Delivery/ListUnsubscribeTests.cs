using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Tests.Messaging.Protection;

namespace Portal.Tests.Messaging.Delivery;

public sealed class ListUnsubscribeTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string OtherKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private static readonly UnsubscribeRequest Request = new(Guid.Parse("6f1c7a52-3d0e-4b8a-9a51-2f1e4c0b7d11"), Guid.Parse("0b6e2c9d-8f71-4d2e-b1a3-5c4d3e2f1a00"));
    private readonly MutableClock _clock = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private static ListUnsubscribeOptions Options(string key = "", int? lifetimeDays = null, string? previous = null) => new()
    {
        BaseUrl = "https://portal.example.org/unsubscribe",
        MailtoAddress = "unsubscribe@portal.example.org",
        SigningKey = key.Length > 0 ? key : Key,
        PreviousSigningKey = previous,
        TokenLifetimeDays = lifetimeDays,
    };

    private UnsubscribeTokens Tokens(ListUnsubscribeOptions options) => new(Microsoft.Extensions.Options.Options.Create(options), _clock);

    [Fact]
    public void Headers_carry_an_https_link_a_mailto_and_the_one_click_marker_without_the_address()
    {
        var options = Options();
        var headers = new ListUnsubscribeHeaders(Microsoft.Extensions.Options.Options.Create(options), Tokens(options));
        var message = DeliveryTestData.Message(1, "pat.smith@example.org");
        message.Headers.Add("List-Unsubscribe", "<https://stale.example/old>");

        var token = headers.Apply(message, Request);

        Assert.Equal($"<https://portal.example.org/unsubscribe/{token}>, <mailto:unsubscribe@portal.example.org?subject=unsubscribe%20{token}>",
            Assert.Single(message.Headers, h => h.Field == "List-Unsubscribe").Value);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

        using var wire = new MemoryStream();
        // SMTP puts CRLF on the wire whatever the platform's line ending.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, wire);
        var text = System.Text.Encoding.ASCII.GetString(wire.ToArray());
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", text);
        Assert.DoesNotContain("pat.smith", text[..text.IndexOf("To:", StringComparison.Ordinal)] + token);
        Assert.DoesNotContain(Request.RecipientId.ToString(), token);

        // What a mailbox provider reads back after transport: the token, whole.
        var reparsed = MimeMessage.Load(new MemoryStream(wire.ToArray()));
        Assert.Contains(token, reparsed.Headers["List-Unsubscribe"]!.Replace("\r\n", "").Replace(" ", ""));
    }

    [Fact]
    public void A_token_verifies_back_to_its_ids()
    {
        var tokens = Tokens(Options());
        Assert.True(tokens.TryVerify(tokens.Create(Request), out var verified));
        Assert.Equal(Request, verified);
    }

    [Fact]
    public void An_altered_token_is_rejected_wherever_it_was_changed()
    {
        var tokens = Tokens(Options());
        var token = tokens.Create(Request);
        for (var i = 0; i < token.Length; i++)
        {
            var altered = token.ToCharArray();
            altered[i] = altered[i] == 'A' ? 'B' : 'A';
            Assert.False(tokens.TryVerify(new string(altered), out _), $"changed at {i}");
        }
        Assert.False(tokens.TryVerify(token[..^1], out _));
        Assert.False(tokens.TryVerify(token + "A", out _));
        Assert.False(tokens.TryVerify("not/base64!", out _));
        Assert.False(tokens.TryVerify("", out _));
        Assert.False(tokens.TryVerify(null, out _));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_rejected_unless_that_key_was_the_previous_one()
    {
        var token = Tokens(Options(OtherKey)).Create(Request);
        Assert.False(Tokens(Options()).TryVerify(token, out _));
        Assert.True(Tokens(Options(previous: OtherKey)).TryVerify(token, out var verified));
        Assert.Equal(Request, verified);
    }

    [Fact]
    public void A_token_with_a_lifetime_expires()
    {
        var tokens = Tokens(Options(lifetimeDays: 30));
        var token = tokens.Create(Request);
        _clock.Now += TimeSpan.FromDays(29);
        Assert.True(tokens.TryVerify(token, out _));
        _clock.Now += TimeSpan.FromDays(2);
        Assert.False(tokens.TryVerify(token, out _));
    }

    [Fact]
    public void Tokens_without_a_lifetime_keep_working()
    {
        var tokens = Tokens(Options());
        var token = tokens.Create(Request);
        _clock.Now += TimeSpan.FromDays(3650);
        Assert.True(tokens.TryVerify(token, out _));
    }

    [Fact]
    public void Options_require_https_and_a_long_key()
    {
        Assert.Empty(Validate(Options()));
        var plain = Options();
        plain.BaseUrl = "http://portal.example.org/unsubscribe";
        Assert.Single(Validate(plain));
        var shortKey = Options(Convert.ToBase64String(new byte[16]));
        Assert.Single(Validate(shortKey));
    }

    private static List<ValidationResult> Validate(ListUnsubscribeOptions options) =>
        options.Validate(new ValidationContext(options)).ToList();
}
