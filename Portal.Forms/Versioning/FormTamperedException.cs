namespace Portal.Forms.Versioning;

/// <summary>A stored published form no longer matches the hash recorded when it was published.</summary>
public sealed class FormTamperedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FormTamperedException(string message)
        : base(message)
    {
    }
}
