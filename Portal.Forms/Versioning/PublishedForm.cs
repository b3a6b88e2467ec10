using Portal.Forms.Definitions;

namespace Portal.Forms.Versioning;

/// <summary>
/// A frozen version of a form, the only thing patients answer. It holds its canonical JSON and the
/// SHA-256 of it; the definition is read back from that JSON so no caller keeps a handle that could change it.
/// </summary>
public sealed class PublishedForm
{
    private PublishedForm(string canonicalJson, string contentHash, DateTimeOffset publishedAtUtc)
    {
        CanonicalJson = canonicalJson;
        ContentHash = contentHash;
        PublishedAtUtc = publishedAtUtc;
        Definition = FormJson.Deserialize(canonicalJson);
    }

    /// <summary>The definition as published.</summary>
    public FormDefinition Definition { get; }

    /// <summary>The form's stable id.</summary>
    public string FormId => Definition.Id;

    /// <summary>The version number.</summary>
    public int Version => Definition.Version;

    /// <summary>The exact JSON the hash covers; store this, not a re-serialisation.</summary>
    public string CanonicalJson { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="CanonicalJson"/>; submissions record it as proof of what was answered.</summary>
    public string ContentHash { get; }

    /// <summary>When the version was published.</summary>
    public DateTimeOffset PublishedAtUtc { get; }

    /// <summary>Freezes a definition after checking it is consistent.</summary>
    /// <exception cref="InvalidFormDefinitionException">The definition has problems.</exception>
    public static PublishedForm Publish(FormDefinition definition, DateTimeOffset publishedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = FormDefinitionChecker.Check(definition);
        if (problems.Count > 0)
        {
            throw new InvalidFormDefinitionException(problems);
        }

        var json = FormJson.Serialize(definition);
        return new PublishedForm(json, Versioning.ContentHash.Of(json), publishedAtUtc.ToUniversalTime());
    }

    /// <summary>Reloads a stored version, refusing it if its JSON no longer matches the recorded hash.</summary>
    /// <exception cref="FormTamperedException">The JSON was altered after publication.</exception>
    public static PublishedForm Load(string canonicalJson, string recordedHash, DateTimeOffset publishedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(canonicalJson);
        ArgumentNullException.ThrowIfNull(recordedHash);
        if (!Versioning.ContentHash.AreEqual(Versioning.ContentHash.Of(canonicalJson), recordedHash))
        {
            throw new FormTamperedException("The stored form does not match the hash recorded when it was published.");
        }

        return new PublishedForm(canonicalJson, recordedHash, publishedAtUtc.ToUniversalTime());
    }

    /// <summary>Re-serialises the definition and checks it still hashes to <see cref="ContentHash"/>.</summary>
    public bool VerifyIntegrity() =>
        Versioning.ContentHash.AreEqual(Versioning.ContentHash.Of(FormJson.Serialize(Definition)), ContentHash)
        && Versioning.ContentHash.AreEqual(Versioning.ContentHash.Of(CanonicalJson), ContentHash);
}
