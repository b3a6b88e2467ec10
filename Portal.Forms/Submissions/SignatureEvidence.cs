namespace Portal.Forms.Submissions;

/// <summary>Who signed, when and from where: recorded by the server, never taken from the form post.</summary>
/// <param name="SignerReference">The signed-in account that signed (an opaque label, not PHI).</param>
/// <param name="SignedAtUtc">Server time of signing.</param>
/// <param name="IpAddress">Client address the signature came from.</param>
public sealed record SignatureEvidence(string SignerReference, DateTimeOffset SignedAtUtc, string IpAddress);
