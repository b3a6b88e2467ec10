using Portal.Messaging.Content;

namespace Portal.Tests.Messaging.Content;

public sealed class MessageHtmlTests
{
    [Theory]
    [InlineData("<p>Hi</p><script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<p onclick=\"steal()\">Hi</p>", "onclick")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>", "javascript:")]
    [InlineData("<a href=\"JaVaScRiPt&#58;alert(1)\">click</a>", "alert(1)\"")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "data:")]
    [InlineData("<svg onload=alert(1)><circle r=1 /></svg>", "<svg")]
    [InlineData("<svg><script>alert(1)</script></svg>", "<script")]
    [InlineData("<p style=\"width: expression(alert(1))\">x</p>", "expression")]
    [InlineData("<style>p { background: url(javascript:alert(1)) }</style><p>x</p>", "<style")]
    [InlineData("<scr<script>ipt>alert(1)</scr</script>ipt>", "<script")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<form action=\"https://evil.example\"><input name=x></form>", "<form")]
    [InlineData("<p>x</p><!--<img src=x onerror=alert(1)>-->", "onerror")]
    [InlineData("<a href=\"https://example.org\" target=\"_blank\" style=\"color:red\">x</a>", "style=")]
    public void Dangerous_markup_does_not_survive(string html, string forbidden)
    {
        var clean = MessageHtml.Sanitize(html);
        Assert.DoesNotContain(forbidden, clean, StringComparison.OrdinalIgnoreCase);
        // Sanitising what was already sanitised changes nothing: storing and showing agree.
        Assert.Equal(clean, MessageHtml.Sanitize(clean));
    }

    [Fact]
    public void The_allowed_formatting_is_kept_and_links_get_noopener()
    {
        const string html = "<h3>Plan</h3><p><strong>Take</strong> it <em>daily</em>.</p><ul><li>one</li></ul><ol><li>two</li></ol>"
            + "<blockquote>quoted</blockquote><h4>More</h4><p>See <a href=\"https://example.org/a?b=1\">this</a> or <a href=\"mailto:care@example.org\">mail</a>.<br>Bye</p>";
        var clean = MessageHtml.Sanitize(html);
        foreach (var tag in new[] { "<h3>", "<strong>", "<em>", "<ul>", "<ol>", "<li>", "<blockquote>", "<h4>", "<br>" })
            Assert.Contains(tag, clean);
        Assert.Contains("<a href=\"https://example.org/a?b=1\" rel=\"noopener noreferrer\">this</a>", clean);
        Assert.Contains("<a href=\"mailto:care@example.org\" rel=\"noopener noreferrer\">mail</a>", clean);
    }

    [Fact]
    public void Unknown_wrappers_lose_their_tags_but_keep_their_words()
    {
        var clean = MessageHtml.Sanitize("<div><span class=\"x\">Your results</span> <b>are</b> normal</div>");
        Assert.DoesNotContain("<div", clean);
        Assert.DoesNotContain("<span", clean);
        Assert.Contains("Your results", clean);
        Assert.Contains("normal", clean);
    }

    [Fact]
    public void Plain_text_has_the_words_lists_and_link_targets()
    {
        var text = MessageHtml.ToPlainText("<h3>Plan</h3><p>Take <strong>metformin</strong> daily.</p><ul><li>walk</li><li>eat well</li></ul><ol><li>first</li><li>second</li></ol><p><a href=\"https://example.org\">Guide</a></p>");
        Assert.Equal("Plan\n\nTake metformin daily.\n\n- walk\n- eat well\n1. first\n2. second\n\nGuide (https://example.org)", text);
    }
}
