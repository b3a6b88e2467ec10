using System.Text;
using Microsoft.Extensions.Options;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains;

public sealed class AttachmentRulesTests
{
    private static readonly AttachmentRules Rules = new(Options.Create(new AttachmentOptions { MaxFileBytes = 64 * 1024, MaxMessageBytes = 100 * 1024, MaxFiles = 3 }));
    private static readonly byte[] Pdf = TestFiles.Pdf("Results");
    private static readonly byte[] Png = TestFiles.Png();

    [Fact]
    public void Real_pdf_and_png_pass_with_their_detected_types()
    {
        var (files, problem) = Rules.Check([new("results.pdf", "application/pdf", Pdf), new("scan.PNG", "image/png", Png)]);
        Assert.Null(problem);
        Assert.Equal(["application/pdf", "image/png"], files.Select(f => f.ContentType));
        Assert.Equal(["results.pdf", "scan.PNG"], files.Select(f => f.FileName));
    }

    [Theory]
    [InlineData("exe-as-pdf")]
    [InlineData("html-as-png")]
    [InlineData("svg")]
    [InlineData("empty")]
    [InlineData("oversize")]
    [InlineData("png-named-pdf")]
    [InlineData("declared-type-lies")]
    [InlineData("crlf-name")]
    [InlineData("no-name")]
    [InlineData("dots-only")]
    public void Bad_files_are_refused_with_a_reason_that_does_not_repeat_the_name(string kind)
    {
        NewAttachment file = kind switch
        {
            "exe-as-pdf" => new("lab-result.pdf", "application/pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
            "html-as-png" => new("lab-result.png", "image/png", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")),
            "svg" => new("lab-result.svg", "image/svg+xml", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")),
            "empty" => new("lab-result.pdf", "application/pdf", []),
            "oversize" => new("lab-result.pdf", "application/pdf", [.. Pdf, .. new byte[64 * 1024]]),
            "png-named-pdf" => new("lab-result.pdf", "application/pdf", Png),
            "declared-type-lies" => new("lab-result.png", "text/html", Png),
            "crlf-name" => new("lab-result\r\nX-Injected: 1.pdf", "application/pdf", Pdf),
            "no-name" => new("", "application/pdf", Pdf),
            _ => new("..", "application/pdf", Pdf),
        };
        var (files, problem) = Rules.Check([file]);
        Assert.Empty(files);
        Assert.NotNull(problem);
        Assert.True(problem.Length > 15, problem);
        Assert.DoesNotContain("lab-result", problem);
    }

    [Fact]
    public void Too_many_files_or_too_many_bytes_together_are_refused()
    {
        var four = Enumerable.Range(0, 4).Select(i => new NewAttachment($"{i}.pdf", "application/pdf", Pdf)).ToList();
        Assert.Equal("Attach at most 3 files.", Rules.Check(four).Problem);

        var big = new byte[60 * 1024];
        Pdf.CopyTo(big, 0);
        var (files, problem) = Rules.Check([new("a.pdf", null, big), new("b.pdf", null, big)]);
        Assert.Empty(files);
        Assert.Contains("together", problem);
    }

    [Theory]
    [InlineData("../../etc/results.pdf", "results.pdf")]
    [InlineData("C:\\Users\\pat\\Desktop\\results.pdf", "results.pdf")]
    [InlineData("  results \"final\".pdf ", "results \"final\".pdf")]
    [InlineData("résultats.pdf", "résultats.pdf")]
    public void Browser_paths_are_cut_to_the_file_name(string sent, string kept)
    {
        var (files, problem) = Rules.Check([new(sent, "application/octet-stream", Pdf)]);
        Assert.Null(problem);
        Assert.Equal(kept, Assert.Single(files).FileName);
    }
}
