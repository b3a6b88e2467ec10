using Portal.Forms.Definitions;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;

namespace Portal.Grains.Forms;

/// <summary>
/// The organisation's forms and surveys: drafts staff edit in the builder and the frozen versions patients answer.
/// </summary>
public interface IFormLibrary
{
    /// <summary>Every form, newest edits first.</summary>
    Task<IReadOnlyList<FormListing>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>A published version (the newest when <paramref name="version"/> is null), checked against its recorded hash; null if there is none.</summary>
    Task<PublishedForm?> GetPublishedAsync(string formId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The builder's working copy: the saved draft, else a copy of the newest version numbered one higher; null for an unknown form.</summary>
    Task<FormDefinition?> GetDraftAsync(string formId, CancellationToken cancellationToken = default);

    /// <summary>Creates a new form with an empty first page and returns its id.</summary>
    Task<string> CreateAsync(string title, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Saves the working copy; its id must be an existing form and its version the next unpublished one.</summary>
    /// <exception cref="FormLibraryException">The draft does not belong to the form or targets a published version.</exception>
    Task SaveDraftAsync(FormDefinition draft, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Freezes the saved draft as the next version.</summary>
    /// <exception cref="InvalidFormDefinitionException">The draft has problems; nothing is published.</exception>
    /// <exception cref="FormLibraryException">There is no draft to publish.</exception>
    Task<PublishedForm> PublishDraftAsync(string formId, AuditActor actor, CancellationToken cancellationToken = default);
}

/// <summary>A line of the library list.</summary>
public sealed record FormListing(string FormId, string Title, int? LatestVersion, bool HasDraft, DateTimeOffset UpdatedUtc);

/// <summary>A library operation refused for a reason the user can act on.</summary>
public sealed class FormLibraryException(string message) : Exception(message);
