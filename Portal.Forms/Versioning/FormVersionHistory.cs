using Portal.Forms.Definitions;

namespace Portal.Forms.Versioning;

/// <summary>
/// The versions of one form: published ones are frozen, and at most one draft above them is being edited.
/// Storage keeps the published JSON and hashes; this class holds the rules about what may change.
/// </summary>
public sealed class FormVersionHistory
{
    private readonly object _gate = new();
    private readonly List<PublishedForm> _published = [];
    private FormDefinition? _draft;

    /// <summary>Starts a history for a form, optionally from versions already published.</summary>
    public FormVersionHistory(string formId, IEnumerable<PublishedForm>? published = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(formId);
        FormId = formId;
        foreach (var version in (published ?? []).OrderBy(p => p.Version))
        {
            if (version.FormId != formId || _published.Any(p => p.Version == version.Version))
            {
                throw new ArgumentException($"Version {version.Version} of form '{version.FormId}' does not belong in this history.", nameof(published));
            }

            _published.Add(version);
        }
    }

    /// <summary>The form's id.</summary>
    public string FormId { get; }

    /// <summary>Published versions, oldest first.</summary>
    public IReadOnlyList<PublishedForm> Published
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>The newest published version, if any.</summary>
    public PublishedForm? Latest
    {
        get
        {
            lock (_gate)
            {
                return _published.LastOrDefault();
            }
        }
    }

    /// <summary>The draft being edited, if any.</summary>
    public FormDefinition? Draft
    {
        get
        {
            lock (_gate)
            {
                return _draft;
            }
        }
    }

    /// <summary>Returns the current draft, or opens one as a copy of the newest published version with the next version number.</summary>
    public FormDefinition StartDraft(Func<FormDefinition>? createFirst = null)
    {
        lock (_gate)
        {
            if (_draft is not null)
            {
                return _draft;
            }

            var latest = _published.LastOrDefault();
            _draft = latest is not null
                ? FormJson.Deserialize(latest.CanonicalJson) with { Version = latest.Version + 1 }
                : createFirst?.Invoke() ?? throw new InvalidOperationException($"Form '{FormId}' has no published version to start a draft from.");
            return _draft;
        }
    }

    /// <summary>Replaces the draft with an edited one.</summary>
    /// <exception cref="PublishedVersionImmutableException">The edit targets a version already published.</exception>
    public void SaveDraft(FormDefinition edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        lock (_gate)
        {
            if (edited.Id != FormId)
            {
                throw new ArgumentException($"The definition belongs to form '{edited.Id}', not '{FormId}'.", nameof(edited));
            }

            RefuseIfPublished(edited.Version);
            var next = (_published.LastOrDefault()?.Version ?? 0) + 1;
            if (edited.Version != next)
            {
                throw new InvalidOperationException($"A draft of form '{FormId}' must be version {next}.");
            }

            _draft = edited;
        }
    }

    /// <summary>Freezes the draft as the next published version.</summary>
    public PublishedForm PublishDraft(DateTimeOffset publishedAtUtc)
    {
        lock (_gate)
        {
            var draft = _draft ?? throw new InvalidOperationException($"Form '{FormId}' has no draft to publish.");
            RefuseIfPublished(draft.Version);
            var published = PublishedForm.Publish(draft, publishedAtUtc);
            _published.Add(published);
            _draft = null;
            return published;
        }
    }

    /// <summary>Finds a published version.</summary>
    public PublishedForm? Find(int version)
    {
        lock (_gate)
        {
            return _published.FirstOrDefault(p => p.Version == version);
        }
    }

    private void RefuseIfPublished(int version)
    {
        if (_published.Any(p => p.Version == version))
        {
            throw new PublishedVersionImmutableException(
                $"Version {version} of form '{FormId}' is published and cannot be changed; start a new draft instead.");
        }
    }
}
