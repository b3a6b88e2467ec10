using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Forms.Answers;

/// <summary>Stores <see cref="FormAnswers"/> as a plain JSON object of field id to answer, in a stable (sorted) order.</summary>
public sealed class FormAnswersJsonConverter : JsonConverter<FormAnswers>
{
    /// <inheritdoc />
    public override FormAnswers Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, AnswerValue>>(ref reader, options)
            ?? throw new JsonException("Answers must be a JSON object.");
        return new FormAnswers(map);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FormAnswers value, JsonSerializerOptions options)
    {
        var sorted = new SortedDictionary<string, AnswerValue>(value.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        JsonSerializer.Serialize(writer, sorted, options);
    }
}
