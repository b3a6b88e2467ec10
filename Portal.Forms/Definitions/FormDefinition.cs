using System.Text.Json.Serialization;
using Portal.Forms.Scoring;

namespace Portal.Forms.Definitions;

/// <summary>A form or survey: the unit that is versioned, published, answered and rendered.</summary>
public sealed record FormDefinition
{
    /// <summary>Version of the JSON layout itself, so stored definitions can be migrated if it ever changes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the JSON layout this definition was written with.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Stable key of the form across all its versions.</summary>
    public required string Id { get; init; }

    /// <summary>Version number; each published version is frozen and edits go into a higher one.</summary>
    public required int Version { get; init; }

    /// <summary>Name shown to patients and staff.</summary>
    public required string Title { get; init; }

    /// <summary>What the form is for, shown before the first page.</summary>
    public string? Description { get; init; }

    /// <summary>The pages in order.</summary>
    public IReadOnlyList<FormPage> Pages { get; init; } = [];

    /// <summary>Scores computed from the answers.</summary>
    public IReadOnlyList<ScoreDefinition> Scores { get; init; } = [];

    /// <summary>Every question of the form in display order.</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> AllFields => Pages.SelectMany(p => p.Fields);

    /// <summary>Finds a question by id anywhere in the form.</summary>
    public FieldDefinition? FindField(string fieldId) => AllFields.FirstOrDefault(f => f.Id == fieldId);
}
