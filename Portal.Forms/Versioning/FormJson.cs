using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Portal.Forms.Definitions;

namespace Portal.Forms.Versioning;

/// <summary>
/// The one JSON layout for definitions and answers. Property order follows declaration order and
/// nulls are left out, so the same definition always serialises to the same bytes: the basis of its hash.
/// </summary>
public static class FormJson
{
    /// <summary>Serializer settings for everything the forms engine stores.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The canonical JSON of a definition: compact, stable, and what the content hash covers.</summary>
    public static string Serialize(FormDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return JsonSerializer.Serialize(definition, Options);
    }

    /// <summary>Reads a definition; unknown properties are refused so a typo in a hand-written form is not silently ignored.</summary>
    public static FormDefinition Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var definition = JsonSerializer.Deserialize<FormDefinition>(json, Options)
            ?? throw new JsonException("A form definition cannot be null.");
        if (definition.SchemaVersion != FormDefinition.CurrentSchemaVersion)
        {
            throw new JsonException($"Form definition schema version {definition.SchemaVersion} is not supported (expected {FormDefinition.CurrentSchemaVersion}).");
        }

        return definition;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
