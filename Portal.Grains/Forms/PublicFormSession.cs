namespace Portal.Grains.Forms;

/// <summary>One filling of a public form: the id its submission will have and that submission's own data key, wrapped by
/// the KEK. It travels in the page's protected state, so its uploads are encrypted under the key the submission is sealed
/// with and a visitor can name only their own session.</summary>
public sealed record PublicFormSession(Guid SubmissionId, byte[] WrappedKey);
