using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class FileContentCheckTests
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00];

    [Fact]
    public void Allowed_kinds_with_matching_names_pass()
    {
        Assert.Equal(FileContentCheck.Pdf, FileContentCheck.Check(Pdf, "referral.pdf").ContentType);
        Assert.Equal(FileContentCheck.Png, FileContentCheck.Check(TestPng.Signature(), "card.PNG").ContentType);
        Assert.Equal(FileContentCheck.Jpeg, FileContentCheck.Check(Jpeg, "photo.jpeg").ContentType);
        Assert.Equal(FileContentCheck.Jpeg, FileContentCheck.Check(Jpeg, "photo.jpg").ContentType);
    }

    [Fact]
    public void A_png_renamed_to_pdf_is_refused()
    {
        var result = FileContentCheck.Check(TestPng.Signature(), "lab-results.pdf");
        Assert.False(result.IsAllowed);
        Assert.Null(result.ContentType);
        Assert.Contains("does not match its name", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MZ\u0090\0 program", "setup.pdf")]
    [InlineData("<html><script>alert(1)</script>", "page.png")]
    [InlineData("PK\u0003\u0004 zip", "archive.jpg")]
    public void Content_of_other_kinds_is_refused_whatever_its_name(string content, string name)
    {
        var result = FileContentCheck.Check(System.Text.Encoding.Latin1.GetBytes(content), name);
        Assert.False(result.IsAllowed);
        Assert.Equal("Only PDF, PNG and JPEG files can be uploaded.", result.Error);
    }

    [Fact]
    public void An_allowed_kind_with_an_unlisted_extension_is_refused() =>
        Assert.False(FileContentCheck.Check(Pdf, "referral.html").IsAllowed);

    [Fact]
    public void Empty_and_oversized_files_are_refused()
    {
        Assert.Equal("The file is empty.", FileContentCheck.Check([], "a.pdf").Error);

        var big = new byte[1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        Assert.True(FileContentCheck.Check(big, "a.pdf", maxBytes: 2 * 1024 * 1024).IsAllowed);
        var refused = FileContentCheck.Check(big, "a.pdf", maxBytes: 1024 * 1024);
        Assert.False(refused.IsAllowed);
        Assert.Equal("The file is larger than the 1 MB allowed.", refused.Error);
    }

    [Fact]
    public async Task A_stream_is_refused_as_soon_as_it_passes_the_limit()
    {
        var stream = new CountingStream(Pdf, totalLength: 50 * 1024 * 1024);
        var result = await FileContentCheck.CheckAsync(stream, "a.pdf", maxBytes: 1024 * 1024);
        Assert.False(result.IsAllowed);
        Assert.True(stream.Position <= 1024 * 1024 + 81920, $"Read {stream.Position} bytes of an oversized upload.");

        Assert.True((await FileContentCheck.CheckAsync(new MemoryStream(Pdf), "a.pdf")).IsAllowed);
        Assert.False((await FileContentCheck.CheckAsync(new MemoryStream(TestPng.Signature()), "a.pdf")).IsAllowed);
    }

    /// <summary>A long stream that starts with the given bytes, without allocating its whole length.</summary>
    private sealed class CountingStream(byte[] prefix, long totalLength) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => totalLength;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, totalLength - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = _position + i < prefix.Length ? prefix[_position + i] : (byte)0;
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
